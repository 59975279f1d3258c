// Telemetry ingestion: every item validated on its own, valid items written in large idempotent
// batches inside ONE transaction per request, and the result returned only after COMMIT.
import type { DataSource } from "typeorm";
import type { QueryRunner } from "typeorm";
import { withTransaction } from "../../db/queryable.js";
import { existingPredictionIds, lockModelWrites, type PredictionWritePath, type PredictionWriteState } from "../../db/repositories/telemetry-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import type { Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { modelWriteState } from "../../db/repositories/model-repository.js";
import type { RegistryService } from "../registry-service.js";
import { KINDS, type ModelSpec, type TelemetryKind } from "./telemetry-kinds.js";
import type { IngestProfiles } from "../profiles/ingest-profiles.js";
import type { PredictionRow } from "../../db/repositories/telemetry-repository.js";

/** Items accepted by one GraphQL ingest call (contract). */
export const MAX_ITEMS_PER_CALL = 10_000;
/** Rows per INSERT statement on the bulk path. */
export const BULK_BATCH_ROWS = 5_000;
/** At most this many per-item errors are listed in one response; `rejected` always counts all. */
export const MAX_REPORTED_ERRORS = 10_000;

export interface IngestError {
  index: number;
  message: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: IngestError[];
}

/** A bulk line that is not JSON: the whole request is refused and nothing of it is stored. */
export class MalformedLineError extends BadInputError {
  override name = "MalformedLineError";
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: not valid JSON (${reason}); nothing of this request was stored`);
  }
}

/** A bulk line that cannot be an item (e.g. not valid UTF-8): refused on its own, like an invalid item. */
export class InvalidLine {
  constructor(readonly reason: string) {}
}

export interface IngestDeps {
  dataSource: DataSource;
  /** Window profiles and the privacy plan, applied to predictions in the request's transaction (docs/privacy.md). */
  profiles?: IngestProfiles;
  /** "copy" on a real PostgreSQL; "json" on the embedded one (its bridge does not carry COPY). */
  predictionPath: PredictionWritePath;
  registry: RegistryService;
  now: () => Date;
}

export function modelSpec(model: ModelEntity): ModelSpec {
  return { key: model.key, task: model.task, features: new Map(model.features.map((f) => [f.name, f.kind])) };
}

/** A retired model takes no new telemetry (BAD_USER_INPUT naming modelId). */
function assertOpen(model: ModelEntity): ModelEntity {
  if (model.retiredAt !== null) throw retiredError(model);
  return model;
}

function retiredError(model: Pick<ModelEntity, "key">): BadInputError {
  return new BadInputError(`modelId: the model '${model.key}' is retired and takes no new telemetry (its history stays readable)`);
}

/** Inside the write transaction, after the model's write lock: a retirement or deletion that committed meanwhile wins. */
async function assertStillOpen(q: QueryRunner, model: ModelEntity): Promise<void> {
  const state = await modelWriteState(q, model.id);
  if (state === "retired") throw retiredError(model);
  if (state === "gone") throw new NotFoundError(`model '${model.id}' not found`);
}

export class IngestService {
  constructor(private readonly deps: IngestDeps) {}

  /** The GraphQL path: at most MAX_ITEMS_PER_CALL items, written in one statement. */
  async ingest(principal: Principal, modelId: string, kind: TelemetryKind, items: readonly unknown[], field: string): Promise<IngestResult> {
    const model = assertOpen(await this.deps.registry.requireModel(principal, modelId, `ingest ${kind}`, "INGEST"));
    if (items.length > MAX_ITEMS_PER_CALL) {
      throw new BadInputError(
        `${field}: at most ${MAX_ITEMS_PER_CALL} items per call, got ${items.length}; send larger volumes as NDJSON to POST /v1/models/${model.id}/${kind}`,
      );
    }
    const entries = items.map((item, index) => [index, item] as const);
    return withTransaction(this.deps.dataSource, async (q) => {
      // Predictions exclusive: an id is unique per model across time partitions only if no two
      // writers of the model check and insert at once (docs/retention.md).
      await lockModelWrites(q, model.id, kind, kind === "predictions" ? "exclusive" : "shared");
      await assertStillOpen(q, model);
      return this.write(q, model, kind, entries, items.length + 1, false);
    });
  }

  /** Authorizes the bulk path before the body is read. */
  async requireBulkModel(principal: Principal, modelId: string, kind: TelemetryKind): Promise<ModelEntity> {
    return assertOpen(await this.deps.registry.requireModel(principal, modelId, `ingest ${kind}`, "INGEST"));
  }

  /*
   * Writers of one model and kind take a transaction-scoped advisory lock first: a bulk request
   * writes several batches, and two transactions inserting overlapping ids in different orders
   * would otherwise deadlock. Bulk takes it exclusively; a GraphQL call (one sorted statement)
   * takes it shared, so GraphQL calls still run in parallel. Different models never wait.
   */

  /**
   * The bulk path: [index, item] pairs stream in (parsed NDJSON lines, index = zero-based line
   * number); they are validated as they come and
   * written in batches of BULK_BATCH_ROWS, all in one transaction. If the stream throws (a
   * malformed line, a client that went away), the transaction rolls back and nothing is stored.
   */
  bulk(model: ModelEntity, kind: TelemetryKind, items: AsyncIterable<readonly [number, unknown]>): Promise<IngestResult> {
    return withTransaction(this.deps.dataSource, async (q) => {
      await lockModelWrites(q, model.id, kind, "exclusive");
      await assertStillOpen(q, model);
      return this.write(q, model, kind, items, BULK_BATCH_ROWS, true);
    });
  }

  private async write(
    q: QueryRunner,
    model: ModelEntity,
    kind: TelemetryKind,
    items: Iterable<readonly [number, unknown]> | AsyncIterable<readonly [number, unknown]>,
    batchRows: number,
    capErrors: boolean,
  ): Promise<IngestResult> {
    const def = KINDS[kind];
    const spec = modelSpec(model);
    const scope = { systemId: model.systemId, modelId: model.id };
    const nowMs = this.deps.now().getTime();
    const writeState: PredictionWriteState = { path: this.deps.predictionPath };
    const profiling = kind === "predictions" && this.deps.profiles ? await this.deps.profiles.begin(q, model) : null;
    if (profiling) writeState.onInserted = (rows) => profiling.inserted(rows);
    const result: IngestResult = { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
    const reject = (index: number, message: string) => {
      result.rejected += 1;
      if (!capErrors || result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ index, message });
    };
    let batch: Array<{ index: number; row: unknown }> = [];

    const writeBatch = async (batchToWrite: Array<{ index: number; row: unknown }>) => {
      let pending = batchToWrite;
      if (def.refersTo) {
        const known = await existingPredictionIds(q, model.id, [...new Set(pending.map((p) => def.refersTo!(p.row)))]);
        pending = pending.filter((p) => {
          const id = def.refersTo!(p.row);
          if (known.has(id)) return true;
          reject(p.index, `predictionId: no prediction with id ${JSON.stringify(id)} for model '${model.key}'`);
          return false;
        });
      }
      // One row per key: predictions and feedback keep the first copy, labels and metrics the last.
      const byKey = new Map<string, unknown>();
      for (const p of pending) {
        const k = def.key(p.row);
        if (def.keep === "last" || !byKey.has(k)) byKey.set(k, p.row);
      }
      const rows = [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
      const written = await def.write(q, scope, rows, writeState);
      profiling?.batchDone(rows as PredictionRow[]);
      result.accepted += written;
      result.duplicates += pending.length - written;
    };

    // Pipelining: the database writes batch k while this process parses and validates batch k+1.
    // At most one batch is in flight; a failed write surfaces at the next flush or at the end.
    let inflight: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (batch.length === 0) return;
      const next = batch;
      batch = [];
      await inflight;
      inflight = writeBatch(next);
      inflight.catch(() => undefined);
    };

    try {
      for await (const [index, item] of items) {
        if (item instanceof InvalidLine) {
          reject(index, item.reason);
          continue;
        }
        const checked = def.validate({ item, model: spec, nowMs });
        if (checked.ok) batch.push({ index, row: profiling ? profiling.prepare(checked.value as PredictionRow) : checked.value });
        else reject(index, "errors" in checked ? checked.errors.join("; ") : checked.error);
        if (batch.length >= batchRows) await flush();
      }
      await flush();
    } finally {
      // Whatever ends the loop (a malformed line, a client gone), the batch in flight settles
      // before the caller rolls back: no write of this request may outlive its transaction.
      await inflight.catch(() => undefined);
    }
    await inflight;
    await profiling?.flush(q);
    result.errors.sort((a, b) => a.index - b.index);
    return result;
  }
}
