// GraphiQL for the Tandem API, bundled from the installed npm packages (api/graphiql/vite.config.ts
// → dist/graphiql/, served at GET /graphql by api/src/http/graphiql-assets.ts): no CDN, no network
// beyond this origin. The Monaco editor's workers are bundled too (graphiql/setup-workers/vite).
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "./tandem.css";
import { GraphiQL } from "graphiql";
import { StrictMode, useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { ApiKeyBar } from "./api-key-bar.js";
import { readApiKey, saveApiKey } from "./api-key.js";
import { createTandemFetcher } from "./fetcher.js";

const DEFAULT_QUERY = `# Tandem GraphQL API. The API key above is sent with every request.
# Ctrl-Enter runs the query; the Docs icon on the left browses the schema.
{
  systems {
    id
    name
  }
}
`;

function Explorer() {
  const [apiKey, setApiKey] = useState(readApiKey);
  const client = useMemo(() => (apiKey ? createTandemFetcher(apiKey) : undefined), [apiKey]);
  useEffect(() => () => client?.dispose(), [client]);
  const change = (key: string) => {
    saveApiKey(key);
    setApiKey(key);
  };
  return (
    <div className="tandem-explorer">
      <ApiKeyBar apiKey={apiKey} onChange={change} />
      <main className="tandem-graphiql">
        {client ? (
          // A new key remounts GraphiQL, so the schema is fetched again with that key.
          <GraphiQL key={apiKey} fetcher={client.fetcher} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />
        ) : (
          <p className="tandem-no-key" data-testid="api-key-missing">
            Enter an API key above to load the schema and run queries.
          </p>
        )}
      </main>
    </div>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
