import Link from "next/link";

/** `notFound()` from a system's pages: unknown (or deleted) system id. */
export default function SystemNotFound() {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Not found</h1>
      </div>
      <section className="card state" data-testid="system-not-found">
        <h2>There is no such system</h2>
        <p>
          No system has this id, or the item you asked for no longer exists. The link may be outdated, or the API key of the dashboard may
          not see this system.
        </p>
        <p>
          <Link href="/">Go to the list of systems</Link>.
        </p>
      </section>
    </div>
  );
}
