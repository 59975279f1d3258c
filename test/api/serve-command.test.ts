// `tandem serve --role`: the role reaches the process as TANDEM_ROLE; bad roles and split roles on
// the embedded database are usage errors naming the option.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { serveEnv } from "../../api/bin/serve.mjs";

describe("tandem serve", () => {
  it("passes the role on, defaulting to TANDEM_ROLE, then all", () => {
    expect(serveEnv(["--role", "worker"], { DATABASE_URL: "postgres://x/y" }).TANDEM_ROLE).toBe("worker");
    expect(serveEnv([], { DATABASE_URL: "postgres://x/y", TANDEM_ROLE: "api" }).TANDEM_ROLE).toBe("api");
    expect(serveEnv([], {}).TANDEM_ROLE).toBe("all");
    expect(serveEnv(["--help"], {})).toBeNull();
  });

  it("refuses an unknown role and split roles without PostgreSQL", () => {
    expect(() => serveEnv(["--role", "both"], { DATABASE_URL: "postgres://x/y" })).toThrow('--role must be one of all, api, worker, got "both"');
    expect(() => serveEnv(["--role", "api"], {})).toThrow("--role api needs DATABASE_URL");
    expect(() => serveEnv(["--bogus"], {})).toThrow(/bogus/);
  });
});

describe("TANDEM_ROLE", () => {
  it("is read once with the rest of the configuration; api and worker need PostgreSQL", async () => {
    const { parseConfig } = await import("../../api/src/config.js");
    expect(parseConfig({ TANDEM_ROLE: "worker", DATABASE_URL: "postgres://x/y" }).role).toBe("worker");
    expect(parseConfig({}).role).toBe("all");
    expect(() => parseConfig({ TANDEM_ROLE: "api" })).toThrow("TANDEM_ROLE=api needs DATABASE_URL");
    expect(() => parseConfig({ TANDEM_ROLE: "both", DATABASE_URL: "postgres://x/y" })).toThrow(/TANDEM_ROLE/);
  });
});
