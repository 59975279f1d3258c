/** Shown while the incidents list waits for the Tandem API. */
export default function Loading() {
  return (
    <div className="page" aria-busy="true" data-testid="incidents-loading">
      <div className="page-header">
        <h1>Incidents</h1>
        <p className="page-header__meta" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading incidents from the Tandem API…
        </p>
      </div>
      <section className="card skeleton" aria-hidden="true">
        <div className="skeleton__line skeleton__line--short" />
        <div className="skeleton__table">
          {[0, 1, 2, 3, 4].map((row) => (
            <div key={row} className="skeleton__line" />
          ))}
        </div>
      </section>
    </div>
  );
}
