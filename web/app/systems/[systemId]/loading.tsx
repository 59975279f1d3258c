/** Shown while a system's page waits for the Tandem API (streamed before the data). */
export default function Loading() {
  return (
    <div className="page" aria-busy="true" data-testid="system-loading">
      <div className="page-header">
        <h1>System</h1>
        <p className="page-header__meta" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading the system from the Tandem API…
        </p>
      </div>
      <section className="card skeleton" aria-hidden="true">
        <div className="skeleton__line skeleton__line--title" />
        <div className="skeleton__line skeleton__line--short" />
      </section>
      <section className="card skeleton" aria-hidden="true">
        <div className="skeleton__line skeleton__line--text" />
        <div className="skeleton__table">
          {[0, 1, 2, 3].map((row) => (
            <div key={row} className="skeleton__line" />
          ))}
        </div>
      </section>
    </div>
  );
}
