import styles from "@/components/model/model.module.css";

/** Shown while the model page waits for the Tandem API (streamed before the data). */
export default function Loading() {
  return (
    <div className="page" aria-busy="true" data-testid="model-loading">
      <p className="page-header__meta" role="status" style={{ marginBottom: "1rem" }}>
        <span className="spinner" aria-hidden="true" />
        Loading the model from the Tandem API…
      </p>
      <section className={`card skeleton ${styles.header}`} aria-hidden="true">
        <div className="skeleton__line skeleton__line--title" />
        <div className="skeleton__line skeleton__line--text" />
        <div className="skeleton__line skeleton__line--short" />
      </section>
      <div className="skeleton__line" aria-hidden="true" style={{ height: "1.6rem", marginBottom: "1.5rem" }} />
      {["Drift", "Performance over time"].map((title) => (
        <section key={title} className="card" aria-hidden="true">
          <h2 className="muted">{title}</h2>
          <div className="skeleton__table">
            {[0, 1, 2, 3].map((row) => (
              <div key={row} className="skeleton__line" />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
