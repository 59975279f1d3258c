/** Shown while an incident's detail waits for the Tandem API. */
export default function Loading() {
  return (
    <div className="page" aria-busy="true" data-testid="incident-loading">
      <div className="page-header">
        <h1>Incident</h1>
        <p className="page-header__meta" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading the incident, its root cause and blast radius…
        </p>
      </div>
      {[0, 1, 2].map((i) => (
        <section key={i} className="card skeleton" aria-hidden="true">
          <div className="skeleton__line skeleton__line--title" />
          <div className="skeleton__line skeleton__line--text" />
          <div className="skeleton__line skeleton__line--short" />
        </section>
      ))}
    </div>
  );
}
