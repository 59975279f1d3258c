// Trains the multivariate drift detector (an autoencoder on the reference inputs) in the
// background, once per (model, reference), and keeps it in the database. Training never blocks a
// request or ingestion: a report that finds no detector yet starts one and says "training".
// One training runs at a time in this process; across processes the database claim decides.
import type * as TF from "@tensorflow/tfjs";
import type { ModelEntity } from "../../db/entities/index.js";
import type { DriftDetectorRepository } from "../../db/repositories/drift-detector-repository.js";
import type { WindowRepository } from "../../db/repositories/window-repository.js";
import { encodeRows, trainAutoencoder, type TrainedAutoencoder } from "../../analytics/drift/autoencoder.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";

/** Reference rows the detector is trained on (a uniform sample by level above this). */
export const DETECTOR_TRAINING_ROWS = 10_000;
/** Fewer reference rows than this: no detector (too little to learn a joint distribution). */
export const DETECTOR_MIN_ROWS = 200;
/** A "training" claim older than this is considered abandoned (its process died). */
const STALE_AFTER_MS = 10 * 60_000;

export interface TrainerDeps {
  windows: WindowRepository;
  detectors: DriftDetectorRepository;
  /** TensorFlow.js with its backend ready; undefined → no multivariate drift. */
  tf: typeof TF | undefined;
  log: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
}

export type DetectorState =
  | { status: "ready"; detector: TrainedAutoencoder }
  | { status: "training" | "unavailable" | "failed"; reason: string };

export class DriftDetectorTrainer {
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();

  constructor(private readonly deps: TrainerDeps) {}

  /** The detector for this reference, starting its training in the background when there is none. */
  async detector(model: ModelEntity, reference: TimeWindow): Promise<DetectorState> {
    if (!this.deps.tf) return { status: "unavailable", reason: "TensorFlow.js is not available in this process" };
    if (model.features.length < 2) return { status: "unavailable", reason: "a multivariate detector needs at least two features" };
    const record = await this.deps.detectors.get<TrainedAutoencoder>(model.id, reference.from, reference.to);
    if (record?.status === "ready" && record.detector) return { status: "ready", detector: record.detector };
    if (record?.status === "failed") return { status: "failed", reason: record.error ?? "training failed" };
    const key = `${model.id}|${reference.from.toISOString()}|${reference.to.toISOString()}`;
    if (!this.pending.has(key) && (await this.deps.detectors.claim(model.id, reference.from, reference.to, STALE_AFTER_MS))) {
      this.pending.add(key);
      this.queue = this.queue.then(() => this.train(model, reference)).finally(() => this.pending.delete(key));
    }
    return { status: "training", reason: "the detector for this reference is being trained; ask again shortly" };
  }

  /** Resolves when every training started so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async train(model: ModelEntity, reference: TimeWindow): Promise<void> {
    const tf = this.deps.tf!;
    try {
      const total = await this.deps.windows.countPredictions(model.id, reference.from, reference.to);
      if (total < DETECTOR_MIN_ROWS) {
        await this.deps.detectors.finish(model.id, reference.from, reference.to, { error: `the reference holds ${total} predictions; at least ${DETECTOR_MIN_ROWS} are needed` });
        return;
      }
      const level = total <= DETECTOR_TRAINING_ROWS ? 0 : Math.ceil(Math.log2(total / DETECTOR_TRAINING_ROWS));
      const rows = (await this.deps.windows.sampleRows(model.id, reference.from, reference.to, level)).map((r) => r.features);
      const encoder = encodeRows({ features: model.features, reference: rows });
      const detector = await trainAutoencoder({ encoder, referenceRows: rows, seed: Math.floor(reference.from.getTime() / 1000) % 2_147_483_647, tf });
      await this.deps.detectors.finish(model.id, reference.from, reference.to, { detector, referenceRows: rows.length });
      this.deps.log("info", `trained the drift detector of model '${model.key}' on ${rows.length} reference rows`);
    } catch (error) {
      this.deps.log("warn", `training the drift detector of model '${model.key}' failed`, error);
      await this.deps.detectors.finish(model.id, reference.from, reference.to, { error: (error as Error).message }).catch(() => undefined);
    }
  }
}
