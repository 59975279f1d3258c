// The model page's "Explain a prediction" form (a plain GET: works without JavaScript).
import styles from "./prediction.module.css";

export function PredictionLookup({ modelId }: { modelId: string }) {
  return (
    <section className="card" aria-labelledby="explain-title" data-testid="prediction-lookup">
      <h2 id="explain-title">Explain a prediction</h2>
      <form className={styles.lookup} action={`/models/${modelId}/predictions`} method="get">
        <label htmlFor="prediction-id">Prediction id</label>
        <input id="prediction-id" name="id" required maxLength={256} data-testid="prediction-lookup-id" />
        <button type="submit" data-testid="prediction-lookup-submit">
          Explain
        </button>
      </form>
    </section>
  );
}
