import type { Metadata } from "next";
import { connection } from "next/server";
import { PageErrorState, isNotFound } from "@/components/api-error-state";
import { SystemNotFoundState } from "@/components/incidents/not-found-state";
import { LiveRefresh } from "@/components/live-refresh";
import { ModelPicker, QueueSection } from "@/components/retraining/queue-section";
import styles from "@/components/retraining/retraining.module.css";
import { SystemNav } from "@/components/system-nav";
import {
  PAGE_SIZE,
  STRATEGIES,
  defaultModel,
  fetchRetrainingQueue,
  fetchRetrainingSystem,
  parseStrategy,
  type PriorityStrategy,
  type RetrainingModel,
  type RetrainingQueue,
  type RetrainingSystem,
} from "@/lib/retraining-queries";
import { firstParam, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Retraining queue" };

type Params = Promise<{ systemId: string }>;

interface Loaded {
  system: RetrainingSystem | null;
  model: RetrainingModel | null;
  queue: RetrainingQueue | null;
  /** A model was asked for that the system does not have (the default one is shown). */
  unknownModel: boolean;
}

/** The system, the model asked for (by id or key, else the default one) and its queue for the strategy. */
async function loadQueue(systemId: string, askedModel: string | undefined, strategy: PriorityStrategy): Promise<Loaded> {
  const system = await fetchRetrainingSystem(systemId);
  if (!system) return { system, model: null, queue: null, unknownModel: false };
  let model: RetrainingModel | null = null;
  let unknownModel = false;
  if (askedModel) {
    model = system.models.find((m) => m.id === askedModel) ?? system.models.find((m) => m.key === askedModel) ?? null;
    unknownModel = model === null;
  }
  model ??= await defaultModel(system.models);
  const queue = model ? await fetchRetrainingQueue(model.id, strategy) : null;
  return { system, model, queue, unknownModel };
}

export default async function RetrainingPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection();
  const { systemId } = await params;
  const query = await searchParams;
  const rawStrategy = firstParam(query.strategy);
  const strategy = parseStrategy(rawStrategy) ?? "COMBINED";
  const askedModel = firstParam(query.model);
  const self = `/systems/${systemId}/retraining${askedModel ? `?model=${encodeURIComponent(askedModel)}&strategy=${strategy}` : `?strategy=${strategy}`}`;

  let loaded: Loaded;
  try {
    loaded = await loadQueue(systemId, askedModel, strategy);
  } catch (error) {
    if (isNotFound(error)) return <SystemNotFoundState heading="Retraining queue" />;
    console.error("[tandem-web] failed to load the retraining queue:", error);
    return <PageErrorState heading="Retraining queue" title="Could not load the retraining queue" error={error} retryHref={self} testId="retraining-error" />;
  }
  const { system, model, queue, unknownModel } = loaded;
  if (!system) return <SystemNotFoundState heading="Retraining queue" />;

  const href = (m: RetrainingModel, s: PriorityStrategy) => `/systems/${system.id}/retraining?model=${encodeURIComponent(m.id)}&strategy=${s}`;
  const selected = STRATEGIES.find((s) => s.value === strategy)!;

  return (
    <div className="page" data-testid="retraining-page" data-model-id={model?.id ?? ""} data-strategy={strategy}>
      <SystemNav systemId={system.id} systemName={system.name} current="retraining" />
      <div className="page-header">
        <h1>Retraining queue</h1>
        <p className="page-header__meta">
          {model ? (
            <span>
              <code>{model.key}</code> · {selected.label} · the {PAGE_SIZE} highest priorities among recent predictions
            </span>
          ) : null}
          <LiveRefresh systemId={system.id} />
        </p>
      </div>

      {system.models.length === 0 || !model || !queue ? (
        <section className="card state" data-testid="retraining-empty">
          <h2>No models yet</h2>
          <p>
            This system has no models, so there is nothing to retrain. Register models and send their predictions,
            labels and feedback through the API: their most useful samples for retraining show up here.
          </p>
        </section>
      ) : (
        <>
          {unknownModel ? (
            <p className="notice-warning" role="status">
              No model <code>{askedModel}</code> in {system.name}: showing <code>{model.key}</code>.
            </p>
          ) : null}
          {rawStrategy && !parseStrategy(rawStrategy) ? (
            <p className="notice-warning" role="status">
              Unknown strategy <code>{rawStrategy}</code>: showing Combined.
            </p>
          ) : null}

          <ModelPicker models={system.models} model={model} strategy={strategy} href={href} />
          <QueueSection model={model} strategy={strategy} queue={queue} href={href} />
        </>
      )}
    </div>
  );
}
