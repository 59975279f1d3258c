/** Shown while the page waits for the Tandem API (streamed before the data). */
export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <div className="page-header">
        <h1>Systems</h1>
        <p className="page-header__meta" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading systems from the Tandem API…
        </p>
      </div>
      {[0, 1].map((i) => (
        <section key={i} className="card skeleton" aria-hidden="true">
          <div className="skeleton__line skeleton__line--title" />
          <div className="skeleton__line skeleton__line--text" />
          <div className="skeleton__line skeleton__line--short" />
          <div className="skeleton__table">
            {[0, 1, 2].map((row) => (
              <div key={row} className="skeleton__line" />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
