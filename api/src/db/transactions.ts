// The unit of work of a use-case that writes through several repositories at once (a window's
// verdicts and its incidents): the service begins a transaction, passes its QueryRunner to each
// repository method it calls, and commits — or aborts with the error that stopped it. The service
// keeps the control flow: nothing here calls back into it.
import type { DataSource, QueryRunner } from "typeorm";
import { isDatabaseUnavailable } from "./database-errors.js";

export interface Transaction {
  /** The transaction's connection, for repository methods that take one. */
  readonly q: QueryRunner;
  /** Commits and gives the connection back (on failure: as `abort`, then throws). */
  commit(): Promise<void>;
  /** Rolls back and gives the connection back; a connection that lost its server is dropped instead. */
  abort(error: unknown): Promise<void>;
}

export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  async begin(): Promise<Transaction> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
    } catch (error) {
      await end(runner, error);
      throw error;
    }
    return {
      q: runner,
      async commit() {
        try {
          await runner.commitTransaction();
        } catch (error) {
          await end(runner, error);
          throw error;
        }
        await runner.release();
      },
      abort: (error) => end(runner, error),
    };
  }
}

/** As queryable.ts withTransaction: drop a connection that lost its server, else roll back; then release. */
async function end(runner: QueryRunner, error: unknown): Promise<void> {
  try {
    if (isDatabaseUnavailable(error)) {
      // A connection that lost its server (or timed out mid-query) must not go back to the pool.
      await (runner as QueryRunner & { releasePostgresConnection?: (e: unknown) => Promise<void> }).releasePostgresConnection?.(error);
    } else if (runner.isTransactionActive) {
      await runner.rollbackTransaction().catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
