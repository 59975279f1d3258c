// Model.health of every model of a system resolves from one system verdict per request: for a window
// not evaluated yet that verdict is computed live (drift, anomaly scoring of every model), so it must
// not be recomputed per model — nor kept for long, since a subscription's context lives on.
import { describe, expect, it } from "vitest";
import { memoSystemHealth, type Context } from "../../api/src/graphql/context.js";
import { startTestApp } from "../support/test-app.js";

const ctx = () => ({ loaders: { systemHealth: new Map() } }) as unknown as Context;

describe("memoSystemHealth", () => {
  it("computes a system's health once per (system, at) within a request", async () => {
    const c = ctx();
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    const at = new Date("2026-01-05T10:00:00Z");
    const a = await memoSystemHealth(c, "s1", at, compute, 1_000);
    const b = await memoSystemHealth(c, "s1", new Date(at), compute, 1_500);
    expect(a).toBe(b);
    expect(calls).toBe(1);
    await memoSystemHealth(c, "s1", null, compute, 1_500); // "now" is another key…
    await memoSystemHealth(c, "s1", undefined, compute, 1_500); // …also when the argument is omitted (undefined)
    await memoSystemHealth(c, "s2", at, compute, 1_500); // another system too
    expect(calls).toBe(3);
  });

  it("recomputes after 2 s (a long-lived subscription context) and after a failure", async () => {
    const c = ctx();
    let calls = 0;
    await memoSystemHealth(c, "s1", null, async () => ++calls, 0);
    await memoSystemHealth(c, "s1", null, async () => ++calls, 2_500);
    expect(calls).toBe(2);
    await expect(memoSystemHealth(c, "s1", null, async () => Promise.reject(new Error("down")), 10_000)).rejects.toThrow("down");
    await new Promise((r) => setTimeout(r, 0));
    expect(await memoSystemHealth(c, "s1", null, async () => ++calls, 10_001)).toBe(3);
  });

  it("answers Model.health of every model from one verdict per request, equal to systemHealth", async () => {
    const app = await startTestApp({ multivariateDrift: false });
    try {
      const q = async (query: string, variables: Record<string, unknown> = {}) => {
        const r = await app.gql(query, variables);
        if (r.errors) throw new Error(JSON.stringify(r.errors));
        return r.data;
      };
      const s = (await q(`mutation { createSystem(name: "memo") { id } }`)).createSystem.id;
      for (const k of ["a", "b", "c"]) {
        await q(`mutation($s: ID!, $k: String!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: [{ name: "x", kind: NUMERIC }]) { id } }`, { s, k });
      }
      const health = app.services.health;
      const original = health.systemHealthAt.bind(health);
      let calls = 0;
      health.systemHealthAt = (...args) => {
        calls += 1;
        return original(...args);
      };
      const d = await q(`query($s: ID!) { system(id: $s) { health { status models { model { key } status } } models { key health { status windowEnd } } } }`, { s });
      expect(calls).toBe(1);
      const fromSystem = Object.fromEntries(d.system.health.models.map((m: { model: { key: string }; status: string }) => [m.model.key, m.status]));
      expect(d.system.models).toHaveLength(3);
      for (const m of d.system.models) expect(m.health.status).toBe(fromSystem[m.key]);
      health.systemHealthAt = original;
    } finally {
      await app.close();
    }
  });
});
