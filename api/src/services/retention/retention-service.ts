// Retention of raw telemetry (docs/retention.md): each system's rawRetentionDays (set through
// GraphQL, recorded in the registry history) and the maintenance step the worker role runs at start
// and every MAINTENANCE_INTERVAL_MS: partitions created ahead, expired weeks dropped, a system's
// expired rows purged in chunks where another system still keeps the week. Stored verdicts,
// incidents, drift reports and window profiles are other tables: they outlive the raw rows.
import type { PartitionRepository } from "../../db/repositories/partition-repository.js";
import { isLockTimeout } from "../../db/repositories/partition-repository.js";
import { expiredBefore, PARTITIONED_TABLES, systemsDoneWith, partitionsToCreate, retentionDaysProblem, retentionPlan, type PartitionedTable, type PartitionRows } from "../../analytics/retention/partition-plan.js";
import { systemSettingSummary } from "../../analytics/registry/change-summaries.js";
import type { SystemEntity } from "../../db/entities/index.js";
import { requireScope, type Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import { inChange, type ChangeUnitDeps } from "../registry/change-unit.js";

/** The worker role runs the maintenance step this often (and once at start). */
export const MAINTENANCE_INTERVAL_MS = 3_600_000;
/** A drop or create that timed out on its lock is tried again this many times in one round. */
const LOCK_ATTEMPTS = 5;

export interface RetentionDeps extends ChangeUnitDeps {
  registry: RegistryService;
  partitions: PartitionRepository;
  log?: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
}

/** What one maintenance round did. */
export interface MaintenanceReport {
  created: string[];
  dropped: string[];
  /** Time spent in the drop steps (lock waits included), ms. */
  dropMs: number;
  /** Rows deleted one chunk at a time: per system, in kept partitions, the default partition and labels. */
  purgedRows: number;
  /** Steps left to the next round (their lock was not granted in time). */
  deferred: string[];
}

export class RetentionService {
  /** The last round started (rounds of one process run one after another). */
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RetentionDeps) {}

  /** Sets (or with null clears) how many days the system's raw rows are kept; recorded as SYSTEM_CONFIGURED. */
  async setRawRetention(principal: Principal, args: { systemId: string; days: number | null }): Promise<SystemEntity> {
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    requireScope(principal, "ADMIN", "setRawRetention");
    const problem = retentionDaysProblem(args.days);
    if (problem) throw new BadInputError(`rawRetentionDays: ${problem}`);
    await inChange(this.deps, principal, system, async (c) => {
      await this.deps.partitions.setRetention(c.q, system.id, args.days);
      await c.record({ kind: "SYSTEM_CONFIGURED", summary: systemSettingSummary({ systemName: system.name, setting: "rawRetentionDays", value: args.days }), details: { setting: "rawRetentionDays", value: args.days } });
    });
    return Object.assign(system, { rawRetentionDays: args.days });
  }

  /** One maintenance round, after the rounds already started in this process (other processes may run theirs: every step is idempotent). */
  maintain(now: Date): Promise<MaintenanceReport> {
    const round = this.last.catch(() => undefined).then(() => this.round(now));
    this.last = round;
    return round;
  }

  /** Resolves once the rounds started so far are over. */
  async idle(): Promise<void> {
    await this.last.catch(() => undefined);
  }

  private async round(now: Date): Promise<MaintenanceReport> {
    const report: MaintenanceReport = { created: [], dropped: [], dropMs: 0, purgedRows: 0, deferred: [] };
    const retention = await this.deps.partitions.retention();
    for (const table of PARTITIONED_TABLES) await this.maintainTable(table, retention, now, report);
    for (const [systemId, days] of retention) {
      const before = expiredBefore(days, now);
      if (before) report.purgedRows += await this.deps.partitions.purgeLabels(systemId, before);
    }
    return report;
  }

  private async maintainTable(table: PartitionedTable, retention: Map<string, number | null>, now: Date, report: MaintenanceReport): Promise<void> {
    const listing = await this.deps.partitions.list(table);
    for (const range of partitionsToCreate(table, listing.ranges, now)) {
      if (await this.withLockRetries(`create ${range.name}`, report, () => this.deps.partitions.create(table, range, listing.defaultName))) report.created.push(range.name);
    }
    const past: PartitionRows[] = [];
    for (const partition of listing.ranges.filter((p) => p.to.getTime() <= now.getTime())) {
      past.push({ partition, systemIds: await this.deps.partitions.systemsWithRows(partition.name) });
    }
    const plan = retentionPlan(past, retention, now);
    for (const { partition, systemId } of plan.purge) report.purgedRows += await this.deps.partitions.purgeChunked(partition.name, systemId, null);
    for (const partition of plan.drop) {
      const started = performance.now();
      let dropped = false;
      const done = systemsDoneWith(partition, retention, now);
      const ran = await this.withLockRetries(`drop ${partition.name}`, report, async () => {
        dropped = await this.deps.partitions.drop(table, partition.name, done);
      });
      if (ran && dropped) report.dropped.push(partition.name);
      else if (ran) report.deferred.push(`drop ${partition.name}: another system wrote into it meanwhile`);
      report.dropMs += performance.now() - started;
    }
    // Rows outside every range (backfills, clock skew) expire row by row.
    if (listing.defaultName) {
      for (const [systemId, days] of retention) {
        const before = expiredBefore(days, now);
        if (before) report.purgedRows += await this.deps.partitions.purgeChunked(listing.defaultName, systemId, before);
      }
    }
  }

  /** Runs a step that needs a lock on a partitioned table; false when every attempt timed out (left to the next round). */
  private async withLockRetries(step: string, report: MaintenanceReport, run: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await run();
        return true;
      } catch (error) {
        if (!isLockTimeout(error)) throw error;
        if (attempt >= LOCK_ATTEMPTS) {
          this.deps.log?.("warn", `retention: ${step} deferred (lock not granted in ${LOCK_ATTEMPTS} attempts)`);
          report.deferred.push(step);
          return false;
        }
      }
    }
  }
}
