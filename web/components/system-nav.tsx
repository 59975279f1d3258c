import Link from "next/link";

export type SystemTab = "map" | "incidents" | "remediation" | "retraining" | "report" | "registry" | "changes";

const TABS: ReadonlyArray<readonly [SystemTab, string, string]> = [
  ["map", "System map", ""],
  ["incidents", "Incidents", "/incidents"],
  ["remediation", "Remediation", "/remediation"],
  ["retraining", "Retraining queue", "/retraining"],
  ["report", "Report", "/report"],
  ["registry", "Registry", "/registry"],
  ["changes", "Changes", "/changes"],
];

/** The tabs of one system's pages. Hidden when printing. */
export function SystemNav({ systemId, systemName, current }: { systemId: string; systemName: string; current: SystemTab }) {
  return (
    <nav className="system-nav no-print" aria-label={`${systemName} pages`}>
      <Link href="/" className="system-nav__back">All systems</Link>
      <span className="system-nav__name">{systemName}</span>
      <ul className="inline-list">
        {TABS.map(([tab, label, suffix]) => (
          <li key={tab}>
            <Link href={`/systems/${systemId}${suffix}`} aria-current={tab === current ? "page" : undefined} data-testid={`nav-${tab}`}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
