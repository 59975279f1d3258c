// The unit of work of a use-case that writes through several repositories at once (a window's
// verdicts and its incidents): the service runs its steps on one connection in one transaction,
// and each repository method it calls takes that QueryRunner. Commits when the steps resolve,
// rolls back when they throw (queryable.ts).
import type { DataSource, QueryRunner } from "typeorm";
import { withTransaction } from "./queryable.js";

export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(steps: (q: QueryRunner) => Promise<T>): Promise<T> {
    return withTransaction(this.dataSource, steps);
  }
}
