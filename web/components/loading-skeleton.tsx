// The one loading state of the dashboard: a status line with a spinner (what is being loaded), then
// grey placeholder cards shaped like the page to come. Every loading.tsx describes its page with it.

/** One placeholder: text lines, then table rows; or a single bar (a strip of windows, a slider). */
export interface SkeletonCard {
  /** A plain section (not greyed) with this heading, for sections whose title is known already. */
  heading?: string;
  lines?: ReadonlyArray<"title" | "text" | "short">;
  rows?: number;
  className?: string;
  bar?: boolean;
}

export function LoadingSkeleton({ title, message, testId, cards }: { title?: string; message: string; testId?: string; cards: readonly SkeletonCard[] }) {
  const status = (
    <p className="page-header__meta" role="status" style={title ? undefined : { marginBottom: "1rem" }}>
      <span className="spinner" aria-hidden="true" />
      {message}
    </p>
  );
  return (
    <div className="page" aria-busy="true" data-testid={testId}>
      {title ? (
        <div className="page-header">
          <h1>{title}</h1>
          {status}
        </div>
      ) : (
        status
      )}
      {cards.map((card, i) => (
        <SkeletonSection key={i} card={card} />
      ))}
    </div>
  );
}

function SkeletonSection({ card }: { card: SkeletonCard }) {
  if (card.bar) return <div className="skeleton__line" aria-hidden="true" style={{ height: "1.6rem", marginBottom: "1.5rem" }} />;
  const className = ["card", card.heading ? null : "skeleton", card.className].filter(Boolean).join(" ");
  return (
    <section className={className} aria-hidden="true">
      {card.heading ? <h2 className="muted">{card.heading}</h2> : null}
      {(card.lines ?? []).map((line, i) => (
        <div key={i} className={`skeleton__line skeleton__line--${line}`} />
      ))}
      {card.rows ? (
        <div className="skeleton__table">
          {Array.from({ length: card.rows }, (_, row) => (
            <div key={row} className="skeleton__line" />
          ))}
        </div>
      ) : null}
    </section>
  );
}
