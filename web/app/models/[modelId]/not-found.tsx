import Link from "next/link";

/** An unknown model id (or one this dashboard's API key may not see). */
export default function ModelNotFound() {
  return (
    <div className="page" data-testid="model-not-found">
      <div className="page-header">
        <h1>Model not found</h1>
      </div>
      <section className="card state">
        <h2>There is no model with this id</h2>
        <p>
          It may have been removed, the link may be mistyped, or the dashboard&apos;s API key may not see its system. Open a system from
          the <Link href="/">list of systems</Link> and pick the model on its map.
        </p>
      </section>
    </div>
  );
}
