// COPY … FROM STDIN on the connection of a TypeORM query runner (inside its transaction).
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { QueryRunner } from "typeorm";
import type { PoolClient } from "pg";
import copyStreams from "pg-copy-streams";
import { TransactionLostError } from "../database-errors.js";

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One text value in COPY's text format: \N for null, backslash escapes for \, tab, LF and CR. */
export function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/**
 * COPY on the runner's own connection, which must be inside its open transaction: a runner that
 * was released (its transaction rolled back) would otherwise take a NEW pooled connection and
 * COPY in autocommit — rows committed for a request that was refused.
 */
export async function copyRows(q: QueryRunner, sql: string, text: string): Promise<void> {
  // Released: the connection was lost mid-transaction (TypeORM releases a runner whose connection
  // failed) — an outage, retryable. Not released but outside a transaction: a bug, refused too.
  if (q.isReleased) throw new TransactionLostError("db/copy-rows: the connection of the request's transaction was lost; COPY refused");
  if (!q.isTransactionActive) throw new Error("db/copy-rows: COPY outside the request's open transaction refused");
  const client = (await q.connect()) as PoolClient;
  await pipeline(Readable.from([text]), client.query(copyStreams.from(sql)));
}
