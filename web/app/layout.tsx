import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: {
    default: "Tandem",
    template: "%s · Tandem",
  },
  description: "Tandem monitors the health of systems of interacting ML models.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link className="brand" href="/">
              <span className="brand__mark" aria-hidden="true" />
              <span className="brand__name">Tandem</span>
            </Link>
            <p className="brand__tagline">health of systems of ML models</p>
          </div>
        </header>
        <main id="content" className="container">
          {children}
        </main>
      </body>
    </html>
  );
}
