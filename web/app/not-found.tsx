import Link from "next/link";

export default function NotFound() {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Page not found</h1>
      </div>
      <section className="card state">
        <p>
          There is nothing at this address. <Link href="/">Go to the list of systems</Link>.
        </p>
      </section>
    </div>
  );
}
