// Shutdown: announce() does not wait for webhook deliveries, so close must. `idle()` resolves once
// the deliveries under way have finished (their attempt recorded, before the database closes),
// wakes deliveries waiting for a retry and drops their remaining attempts, and is bounded.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IncidentService } from "../../api/src/services/incidents/incident-service.js";
import type { IncidentRepository, IncidentRow } from "../../api/src/db/repositories/incident-repository.js";

const incident = (id: string): IncidentRow => ({
  id, systemId: "s1", status: "OPEN", rootCauseModelId: null, affected: [], summary: "x",
  openedAt: new Date(0), updatedAt: new Date(0), lastWindowStart: new Date(0), healthyWindows: 0, resolvedAt: null, mergedIntoId: null,
});

describe("IncidentService.idle", () => {
  let server: Server;
  let url: string;
  /** Path → [HTTP status, delay ms]. */
  const answers: Record<string, [number, number]> = { "/slow-ok": [200, 400], "/fails": [500, 0] };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const [status, delay] = answers[req.url ?? ""] ?? [404, 0];
      req.resume();
      setTimeout(() => res.writeHead(status).end(), delay);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  }));

  function service(path: string, sleep?: (ms: number) => Promise<void>) {
    const recorded: Array<{ attempt: number; statusCode: number | null }> = [];
    const repo = {
      byId: async (id: string) => incident(id),
      webhookOf: async () => `${url}${path}`,
      recordDelivery: async (d: { attempt: number; statusCode: number | null }) => {
        recorded.push({ attempt: d.attempt, statusCode: d.statusCode });
      },
    } as unknown as IncidentRepository;
    const svc = new IncidentService({ incidents: repo, systems: {} as never, models: {} as never, now: () => new Date(0), sleep, log: () => undefined });
    return { svc, recorded };
  }

  it("waits for a delivery under way, so its attempt is recorded before the database closes", async () => {
    const { svc, recorded } = service("/slow-ok");
    await svc.announce(["i1"]);
    expect(recorded).toEqual([]); // announce did not wait
    await svc.idle();
    expect(recorded).toEqual([{ attempt: 1, statusCode: 200 }]);
  });

  it("drops the remaining retries of a failing delivery instead of sleeping through its backoff", async () => {
    const never = () => new Promise<void>(() => undefined); // a backoff that would outlive the test
    const { svc, recorded } = service("/fails", never);
    await svc.announce(["i2"]);
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 200)); // the first attempt fails, the delivery waits to retry
    await svc.idle();
    expect(performance.now() - t).toBeLessThan(5_000); // generous: not the backoff, not idle's bound
    expect(recorded).toEqual([{ attempt: 1, statusCode: 500 }]);
  });

  it("is bounded", async () => {
    const { svc } = service("/slow-ok");
    await svc.announce(["i3"]);
    const t = performance.now();
    await svc.idle(50);
    expect(performance.now() - t).toBeLessThan(350);
  });

  it("returns at once when nothing is being delivered", async () => {
    const { svc } = service("/slow-ok");
    await svc.idle();
  });
});
