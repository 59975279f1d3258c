import type { DataSource, QueryRunner } from "typeorm";
import { isDatabaseUnavailable } from "./database-errors.js";

/** Anything that runs SQL: the DataSource (a pooled connection per call) or a QueryRunner (one connection, maybe in a transaction). */
export type Queryable = Pick<DataSource, "query"> | Pick<QueryRunner, "query">;

/** Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
export async function withTransaction<T>(dataSource: DataSource, fn: (q: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const result = await fn(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      // A connection that lost its server (or timed out mid-query) must not go back to the pool.
      await (runner as QueryRunner & { releasePostgresConnection?: (e: unknown) => Promise<void> }).releasePostgresConnection?.(error);
    } else if (runner.isTransactionActive) {
      await runner.rollbackTransaction().catch(() => undefined);
    }
    throw error;
  } finally {
    await runner.release();
  }
}
