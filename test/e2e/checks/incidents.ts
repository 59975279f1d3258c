// Browser check of the incidents pages (/systems/[id]/incidents and /systems/[id]/incidents/[id]):
// the driving system's incidents list shows what `incidents` returns (count, order, root causes);
// the newest open incident's detail shows its root cause with the explanation `rootCauses` gives,
// its affected models; Acknowledge (a Server Action) turns it ACKNOWLEDGED on the page and in the API.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { gql } from "../support.js";

export { checkRetraining } from "./retraining.js";

export interface CheckContext {
  webUrl: string;
  apiUrl: string;
  adminKey: string;
  screenshots: string;
}

interface Incident {
  id: string;
  status: "OPEN" | "ACKNOWLEDGED" | "RESOLVED";
  summary: string;
  openedAt: string;
  rootCause: { id: string; key: string } | null;
  affected: { id: string; key: string }[];
  alerts: { firedAt: string }[];
}

const INCIDENTS = `query($s: ID!) { incidents(systemId: $s) { id status summary openedAt rootCause { id key } affected { id key } alerts { firedAt } } }`;

/** How long to wait for the driving system to have an open incident (the demo's camera fault). */
const OPEN_INCIDENT_TIMEOUT_MS = 180_000;

export async function checkIncidents(page: Page, ctx: CheckContext): Promise<void> {
  // 1. The driving system: its models include a key containing "camera".
  const { systems } = await gql(ctx.apiUrl, ctx.adminKey, `{ systems { id name models { id key } } }`);
  const system = (systems as { id: string; name: string; models: { id: string; key: string }[] }[]).find((s) =>
    s.models.some((m) => m.key.toLowerCase().includes("camera")),
  );
  assert.ok(system, `no system has a model whose key contains "camera" (systems: ${systems.map((s: { name: string }) => s.name).join(", ")})`);

  // It needs an open incident to acknowledge (the demo's camera fault opens one).
  let incidents: Incident[] = [];
  const deadline = Date.now() + OPEN_INCIDENT_TIMEOUT_MS;
  for (;;) {
    incidents = (await gql(ctx.apiUrl, ctx.adminKey, INCIDENTS, { s: system.id })).incidents;
    if (incidents.some((i) => i.status === "OPEN")) break;
    assert.ok(Date.now() < deadline, `${system.name} has no OPEN incident after ${OPEN_INCIDENT_TIMEOUT_MS / 1000} s (incidents: ${incidents.map((i) => i.status).join(", ") || "none"})`);
    await new Promise((r) => setTimeout(r, 2000));
  }

  // 2. Its incidents tab: from the system page's tabs when they are there, else by URL.
  await page.goto(`${ctx.webUrl}/systems/${system.id}`);
  // (goto resolves on "load": the streamed page is complete by then.)
  const tab = page.getByTestId("nav-incidents");
  if ((await tab.count()) > 0) {
    await tab.click();
    await page.waitForURL(`**/systems/${system.id}/incidents`);
  } else {
    await page.goto(`${ctx.webUrl}/systems/${system.id}/incidents`);
  }
  await page.getByTestId("incidents-table").waitFor({ timeout: 60_000 });

  // 3. The list matches the API: same incidents, newest first, same root causes and statuses.
  // The demo keeps evaluating windows: compare with a fresh answer, reloading when one changed between.
  let mismatch = "";
  for (let attempt = 0; attempt < 4; attempt++) {
    if (attempt > 0) {
      await page.reload();
      await page.getByTestId("incidents-table").waitFor({ timeout: 60_000 });
    }
    const rows = await page.locator('[data-testid^="incident-row-"]').evaluateAll((els) =>
      els.map((el) => ({
        id: (el.getAttribute("data-testid") ?? "").replace("incident-row-", ""),
        status: el.getAttribute("data-status"),
        root: el.getAttribute("data-root-cause"),
        affected: el.querySelector('[data-testid="incident-affected-count"]')?.textContent ?? "",
      })),
    );
    incidents = (await gql(ctx.apiUrl, ctx.adminKey, INCIDENTS, { s: system.id })).incidents;
    const expected = incidents.map((i) => ({ id: i.id, status: i.status, root: i.rootCause?.key ?? "" }));
    const actual = rows.map(({ id, status, root }) => ({ id, status, root }));
    mismatch = JSON.stringify(actual) === JSON.stringify(expected) ? "" : `page ${JSON.stringify(actual)}\napi  ${JSON.stringify(expected)}`;
    if (!mismatch) {
      rows.forEach((row, i) => {
        assert.ok(row.affected.startsWith(String(incidents[i]!.affected.length)), `row ${row.id} shows ${incidents[i]!.affected.length} affected models: "${row.affected}"`);
      });
      break;
    }
  }
  assert.equal(mismatch, "", `the incidents list matches incidents(systemId) (count, order, statuses, root-cause keys):\n${mismatch}`);
  const summary = (await page.getByTestId("incidents-summary").textContent()) ?? "";
  assert.ok(summary.includes(`${incidents.length} incident`), `the summary counts ${incidents.length} incidents: "${summary}"`);
  const openCount = incidents.filter((i) => i.status === "OPEN").length;
  assert.ok(summary.includes(`${openCount} open`), `the summary counts ${openCount} open incidents: "${summary}"`);

  // The OPEN filter lists exactly the open ones.
  await page.getByTestId("incident-filter-OPEN").click();
  await page.waitForURL(/status=OPEN/);
  // The filter is marked current once the new list arrived (client-side navigation).
  await page.locator('[data-testid="incident-filter-OPEN"][aria-current="page"]').waitFor({ timeout: 60_000 });
  await page.getByTestId("incidents-table").waitFor();
  const openRows = await page.locator('[data-testid^="incident-row-"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-status")));
  assert.ok(openRows.length > 0 && openRows.every((s) => s === "OPEN"), `the OPEN filter shows only open incidents: ${openRows.join(", ")}`);
  await page.getByTestId("incident-filter-ALL").click();
  await page.waitForURL((url) => !url.search.includes("status="));
  await page.locator('[data-testid="incident-filter-ALL"][aria-current="page"]').waitFor({ timeout: 60_000 });
  await page.getByTestId(`incident-row-${incidents.find((i) => i.status === "OPEN")!.id}`).waitFor();
  await page.screenshot({ path: join(ctx.screenshots, "incidents.png"), fullPage: true });

  // 4. The newest OPEN incident (the list is newest first).
  const target = incidents.find((i) => i.status === "OPEN")!;
  await page.getByTestId(`incident-row-${target.id}`).getByTestId("incident-link").click();
  await page.waitForURL(`**/incidents/${target.id}`);
  const detail = page.getByTestId("incident-page");
  await detail.waitFor({ timeout: 60_000 });
  assert.equal(await detail.getAttribute("data-incident-id"), target.id);
  assert.equal(await page.getByTestId("incident-summary").textContent(), target.summary);

  // Root cause and its explanation: the sentence rootCauses gives for the incident's last window
  // with alerts (else its first), which is what the page uses.
  if (target.rootCause) {
    assert.equal((await page.getByTestId("incident-root-cause-link").textContent())?.trim(), target.rootCause.key);
    const last = target.alerts.map((a) => a.firedAt).sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? target.openedAt;
    const causes = await gql(
      ctx.apiUrl,
      ctx.adminKey,
      `query($s: ID!, $a: DateTime, $o: DateTime) { a: rootCauses(systemId: $s, at: $a) { explanation model { id } } o: rootCauses(systemId: $s, at: $o) { explanation model { id } } }`,
      { s: system.id, a: last, o: target.openedAt },
    );
    const cause =
      causes.a.find((c: { model: { id: string } }) => c.model.id === target.rootCause!.id) ??
      causes.o.find((c: { model: { id: string } }) => c.model.id === target.rootCause!.id);
    const explanation = ((await page.getByTestId("incident-explanation").textContent()) ?? "").trim();
    if (cause) assert.equal(explanation, cause.explanation, "the explanation is the one rootCauses gives");
    else assert.ok(explanation.length > 0, "an explanation is shown");
  }
  // Affected models, each linked to its model page.
  for (const m of target.affected) {
    const row = page.getByTestId(`affected-${m.key}`);
    await row.waitFor();
    assert.equal(await row.locator("a").first().getAttribute("href"), `/models/${m.id}`);
  }
  await page.getByTestId("incident-timeline").getByTestId("timeline-opened").waitFor();
  assert.ok((await page.getByTestId("incident-alert").count()) > 0 || target.alerts.length === 0, "the alerts are listed");

  // 5. Acknowledge: the page shows the new status, and so does the API.
  const status = page.getByTestId("incident-status");
  assert.equal(await status.getAttribute("data-status"), "OPEN");
  await page.getByTestId("incident-acknowledge").click();
  await page.locator('[data-testid="incident-status"][data-status="ACKNOWLEDGED"]').waitFor({ timeout: 30_000 });
  assert.match((await status.textContent()) ?? "", /Acknowledged/);
  assert.equal(await page.getByTestId("incident-action-error").count(), 0, "no error is shown");
  assert.equal(await page.getByTestId("incident-acknowledge").count(), 0, "Acknowledge is gone once acknowledged");
  await page.getByTestId("incident-resolve").waitFor();
  const after = (await gql(ctx.apiUrl, ctx.adminKey, INCIDENTS, { s: system.id })).incidents.find((i: Incident) => i.id === target.id);
  assert.equal(after?.status, "ACKNOWLEDGED", "acknowledgeIncident went through to the API");
  await page.screenshot({ path: join(ctx.screenshots, "incident.png"), fullPage: true });
}
