// Verification of an accepted action (pure), one evaluated window at a time: the action is
// credited when, within K windows after it was accepted, a window shows its root and every model
// of the cascade it acted on HEALTHY (each with data: a window without data is no sign of
// recovery); after K windows without one it has failed and the chain moves on.

export type Verification = { outcome: "CREDITED"; windows: number; message: string } | { outcome: "FAILED"; windows: number; message: string } | { outcome: "WAITING"; windows: number };

export function recovered(args: { statuses: ReadonlyMap<string, string>; models: readonly string[] }): boolean {
  return args.models.length > 0 && args.models.every((id) => args.statuses.get(id) === "HEALTHY");
}

/**
 * `windowsBefore`: windows already counted for the action; `statuses`: this window's status per
 * model id; `models`: the root first, then its cascade; `keyOf` names them in the message.
 */
export function verifyWindow(args: { windowsBefore: number; verifyWindows: number; statuses: ReadonlyMap<string, string>; models: readonly string[]; keyOf: (id: string) => string }): Verification {
  const windows = args.windowsBefore + 1;
  if (recovered(args)) {
    return { outcome: "CREDITED", windows, message: `recovered ${windows} window(s) after the action: ${args.models.map(args.keyOf).join(", ")} healthy` };
  }
  if (windows >= args.verifyWindows) {
    const still = args.models.filter((id) => args.statuses.get(id) !== "HEALTHY").map((id) => `${args.keyOf(id)} ${(args.statuses.get(id) ?? "UNKNOWN").toLowerCase()}`);
    return { outcome: "FAILED", windows, message: `not recovered within ${args.verifyWindows} window(s): ${still.join(", ")}` };
  }
  return { outcome: "WAITING", windows };
}
