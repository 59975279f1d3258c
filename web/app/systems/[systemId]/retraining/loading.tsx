/** Shown while the retraining queue waits for the Tandem API (it ranks every strategy). */
export default function Loading() {
  return (
    <div className="page" aria-busy="true" data-testid="retraining-loading">
      <div className="page-header">
        <h1>Retraining queue</h1>
        <p className="page-header__meta" role="status">
          <span className="spinner" aria-hidden="true" />
          Ranking recent predictions for retraining…
        </p>
      </div>
      <section className="card skeleton" aria-hidden="true">
        <div className="skeleton__line skeleton__line--title" />
        <div className="skeleton__line skeleton__line--text" />
        <div className="skeleton__table">
          {[0, 1, 2, 3, 4, 5].map((row) => (
            <div key={row} className="skeleton__line" />
          ))}
        </div>
      </section>
    </div>
  );
}
