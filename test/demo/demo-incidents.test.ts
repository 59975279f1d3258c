// The demo's stories, as incidents (issue #12, one fault, one incident), sent through the public
// API by the demo runner as fast as the API takes them: the runner's clock stands far past the
// windows it sends, so every window is "history" streamed after the fact and evaluated in order
// (the live timing is demo.test.ts's and the browser tests' business). The driving stack's camera
// fault reaches every stage in the window it begins and is ONE incident rooted at camera
// perception; the shop's holiday season drifts demand forecasting, pricing and the
// recommendations' CTR and is ONE incident rooted at demand forecasting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { runDemo, type DemoSystemName, type DemoWindowEvent } from "../../api/src/demo/demo-runner.js";
import { DRIVING_SYSTEM_NAME } from "../../api/src/demo/driving-system.js";
import { ECOMMERCE_SYSTEM_NAME, FRAUD_SHIFT_AFTER_DAYS } from "../../api/src/demo/ecommerce-system.js";

const WINDOW_SECONDS = 60;
const HISTORY = 8;
/** The camera fault begins in the first live window after this delay (window HISTORY + 1). */
const FAULT_AFTER_SECONDS = 60;
const FAULT_INDEX = HISTORY + 1;
/** Windows streamed per system: the driving fault's first four windows; the shop to a few days past the fraud shift (2015-12-01). */
const LAST: Record<DemoSystemName, number> = { driving: FAULT_INDEX + 3, ecommerce: HISTORY + FRAUD_SHIFT_AFTER_DAYS + 2 };

let app: TestApp;
const events: DemoWindowEvent[] = [];
const lines: string[] = [];

const gql = <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> => gqlData<T>(app, query, variables);

/** Streams one demo system until its window `LAST[system]` is evaluated. */
async function stream(system: DemoSystemName): Promise<void> {
  const controller = new AbortController();
  // The clock reads the real time once, for the system's anchor; after that it stands ten days
  // ahead, so that no window is ever live: the runner sends and evaluates them back to back.
  const real = Date.now();
  let anchored = false;
  const now = () => {
    if (anchored) return real + 10 * 86_400_000;
    anchored = true;
    return real;
  };
  const done = new Promise<void>((resolve) => {
    void runDemo({
      apiUrl: app.url, adminKey: app.adminKey, windowSeconds: WINDOW_SECONDS, faultAfterSeconds: FAULT_AFTER_SECONDS, historyWindows: HISTORY,
      rowsPerWindow: 200, chunksPerWindow: 1, systems: [system], signal: controller.signal, now, log: (line) => lines.push(line),
      onWindow: (e) => {
        events.push(e);
        if (e.index >= LAST[system]) {
          controller.abort();
          resolve();
        }
      },
    });
  });
  await done;
}

interface Incident { status: string; rootCause: { key: string } | null; affected: Array<{ key: string }>; summary: string }

async function systemId(name: string): Promise<string> {
  return (await gql(`{ systems { id name } }`)).systems.find((s: { name: string }) => s.name === name).id;
}

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false });
  await stream("driving");
  await stream("ecommerce");
}, 300_000);
afterAll(() => app?.close());

describe("the demo's stories as incidents", () => {
  it("the camera fault, reaching every stage in the window it begins, is ONE incident rooted at camera perception", async () => {
    const id = await systemId(DRIVING_SYSTEM_NAME);
    const fault = events.find((e) => e.systemId === id && e.index === FAULT_INDEX)!;
    const d = await gql(`query($s: ID!, $at: DateTime) { rootCauses(systemId: $s, at: $at) { model { key } explanation }
      systemHealth(systemId: $s, at: $at) { models { model { key } status } }
      incidents(systemId: $s) { status rootCause { key } affected { key } summary } }`, { s: id, at: fault.end });
    const downstream = ["sensor_fusion", "tracking", "motion_prediction", "planning", "control"];
    // The realistic case: the whole stack below the camera breaks in the fault's first window.
    for (const key of ["camera_perception", ...downstream]) {
      expect(d.systemHealth.models.find((m: { model: { key: string } }) => m.model.key === key).status, key).not.toBe("HEALTHY");
    }
    const incidents = d.incidents as Incident[];
    expect(incidents.map((i) => [i.rootCause?.key, i.affected.map((a) => a.key).sort()]), lines.join("\n")).toEqual([["camera_perception", ["camera_perception", ...downstream].sort()]]);
    expect(d.rootCauses[0].model.key).toBe("camera_perception");
    expect(d.rootCauses[0].explanation).toContain("5 downstream models followed in the same window");
    for (const key of downstream) expect(d.rootCauses[0].explanation).toContain(key);
  });

  it("the holiday season is ONE incident rooted at demand forecasting, holding pricing and the recommendations", async () => {
    const id = await systemId(ECOMMERCE_SYSTEM_NAME);
    const incidents = (await gql(`query($s: ID!) { incidents(systemId: $s) { status rootCause { key } affected { key } summary openedAt } }`, { s: id })).incidents as Incident[];
    const holiday = ["demand_forecast", "dynamic_pricing", "recommendations"];
    const involved = incidents.filter((i) => i.affected.some((a) => holiday.includes(a.key)));
    expect(involved.map((i) => [i.rootCause?.key, i.affected.map((a) => a.key).sort()]), lines.join("\n")).toHaveLength(1);
    expect(involved[0]!.rootCause?.key).toBe("demand_forecast");
    expect(involved[0]!.affected.map((a) => a.key)).toEqual(expect.arrayContaining(holiday));
  });
});
