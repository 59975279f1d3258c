// One prediction explained (docs/explanations.md): the sentence, its logged attributions as a chart,
// each feature's value against the reference, and — without attributions — the most similar
// labelled reference cases. Everything shown comes from GraphQL's prediction(modelId, id).
import type { Metadata } from "next";
import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { connection } from "next/server";
import { ApiErrorState } from "@/components/api-error-state";
import { formatInstant, formatWindow } from "@/components/model/format";
import modelStyles from "@/components/model/model.module.css";
import { AttributionChart } from "@/components/prediction/attribution-chart";
import { FeatureTable } from "@/components/prediction/feature-table";
import { SimilarCasesTable } from "@/components/prediction/similar-cases";
import styles from "@/components/prediction/prediction.module.css";
import { fetchPrediction } from "@/lib/prediction-queries";

type Params = { modelId: string; predictionId: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { predictionId } = await params;
  return { title: `Prediction ${decodeURIComponent(predictionId)}` };
}

export default async function PredictionPage({ params }: { params: Promise<Params> }) {
  await connection();
  const { modelId, predictionId } = await params;
  const id = decodeURIComponent(predictionId);
  try {
    const found = await fetchPrediction(modelId, id);
    if (!found) return <NotFound modelId={modelId} id={id} />;
    const { model, prediction } = found;
    const e = prediction.explanation;
    const label = prediction.labelClass ?? (prediction.labelValue === null || prediction.labelValue === undefined ? null : String(prediction.labelValue));
    return (
      <div className={`page ${styles.page}`} data-testid="prediction-page" data-prediction-id={prediction.id}>
        <nav className={modelStyles.breadcrumb} aria-label="Breadcrumb">
          <ol>
            <li>
              <Link href="/">Systems</Link>
            </li>
            <li>
              <Link href={`/systems/${model.system.id}`}>{model.system.name}</Link>
            </li>
            <li>
              <Link href={`/models/${model.id}`} data-testid="prediction-model-link">
                {model.key}
              </Link>
            </li>
            <li aria-current="page">{prediction.id}</li>
          </ol>
        </nav>
        <header className="card">
          <h1>
            Prediction <code>{prediction.id}</code>
          </h1>
          <p className={styles.meta}>
            {formatInstant(prediction.timestamp)} · score <code data-testid="prediction-score">{prediction.score ?? "—"}</code>
            {prediction.predictedClass ? <> · class <code>{prediction.predictedClass}</code></> : null}
            {label !== null ? <> · label <code>{label}</code></> : null}
            {prediction.reference ? <> · reference {formatWindow(prediction.reference.from, prediction.reference.to)}</> : <> · no reference yet</>}
          </p>
          <p className={styles.sentence} data-testid="prediction-sentence">
            {e.sentence}
          </p>
          {e.forbiddenInTopReasons.length > 0 ? (
            <p className={styles.warning} role="alert" data-testid="forbidden-warning">
              Forbidden feature{e.forbiddenInTopReasons.length > 1 ? "s" : ""} among the top reasons: {e.forbiddenInTopReasons.join(", ")}
            </p>
          ) : null}
        </header>
        <section className="card" aria-labelledby="attributions-title" data-testid="attributions-section">
          <h2 id="attributions-title">Attributions</h2>
          {e.attributions.length > 0 ? <AttributionChart attributions={e.attributions} /> : <p data-testid="no-attributions">No attributions were logged for this prediction.</p>}
        </section>
        <section className="card" aria-labelledby="features-title">
          <h2 id="features-title">Feature values against the reference</h2>
          <FeatureTable features={e.features} />
        </section>
        {e.similarCases ? (
          <section className="card" aria-labelledby="similar-title" data-testid="similar-section">
            <h2 id="similar-title">Similar reference cases</h2>
            <SimilarCasesTable similar={e.similarCases} predictedLabel={e.predictedLabel} sameLabelCount={e.sameLabelCount} />
          </section>
        ) : null}
      </div>
    );
  } catch (error) {
    unstable_rethrow(error);
    console.error(`[tandem-web] failed to load prediction ${id} of model ${modelId}:`, error);
    return (
      <div className="page">
        <ApiErrorState title="Could not load this prediction" error={error} testId="prediction-error" />
      </div>
    );
  }
}

function NotFound({ modelId, id }: { modelId: string; id: string }) {
  return (
    <div className="page" data-testid="prediction-not-found">
      <section className="card">
        <h1>Prediction not found</h1>
        <p>
          No prediction <code>{id}</code> for this model. <Link href={`/models/${modelId}`}>Back to the model</Link>
        </p>
      </section>
    </div>
  );
}
