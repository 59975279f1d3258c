// The privacy lists, re-exported for the GraphQL layer (defined once in analytics/profiles).
export { PRIVACY_MODE_SOURCES, PRIVACY_MODES } from "../../analytics/profiles/privacy-rules.js";
export { DRIFT_PATHS } from "../../analytics/profiles/drift-path.js";
