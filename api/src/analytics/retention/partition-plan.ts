// Time partitions of the telemetry tables and what retention does to them (docs/retention.md).
// Pure: the retention service lists the partitions, which systems have rows in each and every
// system's rawRetentionDays; this file decides which partitions to create, drop or purge.
import { windowContaining } from "../health/time-window.js";

/** Telemetry tables partitioned by RANGE (ts) (migration 1764330000000). Labels are not: see docs/retention.md. */
export const PARTITIONED_TABLES = ["predictions", "feedback", "metric_points"] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

const DAY_MS = 86_400_000;
/** One partition a week, Monday 00:00 UTC to the next Monday. */
export const PARTITION_MS = 7 * DAY_MS;
/** Partitions exist from the current week to this many weeks ahead. */
export const WEEKS_AHEAD = 4;
/** Bounds of rawRetentionDays (also a CHECK in the database). */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 36_500;
// 1970-01-01 was a Thursday: Mondays fall 4 days after the epoch's week grid.
const MONDAY_OFFSET_MS = 4 * DAY_MS;

/** The Monday 00:00 UTC on or before `t`. */
export function weekStart(t: Date): Date {
  const epochWeek = windowContaining(new Date(t.getTime() - MONDAY_OFFSET_MS), PARTITION_MS / 1000);
  return new Date(epochWeek.from.getTime() + MONDAY_OFFSET_MS);
}

/** The partition of `table` for the week starting `from` (the migration names them the same way). */
export function partitionName(table: PartitionedTable, from: Date): string {
  return `${table}_p${from.toISOString().slice(0, 10).replace(/-/g, "")}`;
}

export interface PartitionRange {
  name: string;
  from: Date;
  to: Date;
}

/** The weeks from the current one to WEEKS_AHEAD ahead that have no partition yet. */
export function partitionsToCreate(table: PartitionedTable, existing: readonly PartitionRange[], now: Date): PartitionRange[] {
  const out: PartitionRange[] = [];
  const first = weekStart(now).getTime();
  for (let k = 0; k <= WEEKS_AHEAD; k++) {
    const from = first + k * PARTITION_MS;
    const to = from + PARTITION_MS;
    if (existing.some((p) => p.from.getTime() < to && p.to.getTime() > from)) continue;
    out.push({ name: partitionName(table, new Date(from)), from: new Date(from), to: new Date(to) });
  }
  return out;
}

/** rawRetentionDays: null keeps raw rows forever; else an integer of days within the bounds. Returns the reason it is not valid, or null. */
export function retentionDaysProblem(days: number | null): string | null {
  if (days === null) return null;
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    return `expected an integer number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, or null to keep raw rows forever, got ${days}`;
  }
  return null;
}

/**
 * Raw rows of a system with `days` of retention before this instant are expired: whole weeks only
 * (the Monday on or before now − days), so that a week leaves at once — by dropping its partition
 * when no other system still keeps rows in it. Null: nothing expires.
 */
export function expiredBefore(days: number | null, now: Date): Date | null {
  return days === null ? null : weekStart(new Date(now.getTime() - days * DAY_MS));
}

/** The systems whose retention has expired the whole partition (its rows of them may go). */
export function systemsDoneWith(partition: PartitionRange, retention: ReadonlyMap<string, number | null>, now: Date): Set<string> {
  const done = new Set<string>();
  for (const [systemId, days] of retention) {
    const before = expiredBefore(days, now);
    if (before !== null && partition.to.getTime() <= before.getTime()) done.add(systemId);
  }
  return done;
}

export interface PartitionRows {
  partition: PartitionRange;
  /** Systems with at least one row in the partition. */
  systemIds: readonly string[];
}

export interface RetentionPlan {
  /** Partitions every system with rows in them is done with: detached and dropped. */
  drop: PartitionRange[];
  /** Rows of a system expired in a partition that must stay (another system keeps its rows): deleted in chunks. */
  purge: Array<{ partition: PartitionRange; systemId: string }>;
}

/**
 * What retention does to the past range partitions. A partition goes when every system with rows
 * in it has expired the whole week (an empty one when every system has: a system keeping raw
 * rows forever keeps the weeks it might backfill). Otherwise the rows of the systems that expired
 * it are purged, and the rest stay.
 */
export function retentionPlan(partitions: readonly PartitionRows[], retention: ReadonlyMap<string, number | null>, now: Date): RetentionPlan {
  const plan: RetentionPlan = { drop: [], purge: [] };
  for (const { partition, systemIds } of partitions) {
    const holders = systemIds.length > 0 ? systemIds : [...retention.keys()];
    if (holders.length === 0) continue;
    const done = systemsDoneWith(partition, retention, now);
    const gone = holders.filter((s) => done.has(s));
    if (gone.length === holders.length) plan.drop.push(partition);
    else if (systemIds.length > 0) for (const systemId of gone) plan.purge.push({ partition, systemId });
  }
  return plan;
}
