// An incident's timeline (see ./timeline-events for what each event says and when).
import type { IncidentDetail } from "@/lib/incident-queries";
import styles from "./incidents.module.css";
import { formatShortUtc, formatUtc } from "./time";
import { buildTimeline } from "./timeline-events";

export function Timeline({ incident, windowSeconds }: { incident: IncidentDetail; windowSeconds: number }) {
  const events = buildTimeline(incident, windowSeconds);
  return (
    <ol className={styles.timeline} data-testid="incident-timeline">
      {events.map((e, i) =>
        e.kind === "quiet" ? (
          <li key={i} className={styles.event} data-kind={e.kind}>
            <span className={styles.dot} data-kind={e.kind} aria-hidden="true" />
            <span className={styles.quiet}>{e.title}</span>
          </li>
        ) : (
          <li key={i} className={styles.event} data-kind={e.kind} data-testid={`timeline-${e.kind}`}>
            <span className={styles.dot} data-kind={e.kind} aria-hidden="true" />
            <div className={styles.eventHead}>
              <span className={styles.eventTitle}>{e.title}</span>
              {e.at ? (
                <time className={styles.eventTime} dateTime={e.at} title={formatUtc(e.at)}>
                  {formatShortUtc(e.at)} UTC
                </time>
              ) : null}
            </div>
            {e.body ? <p className={styles.eventBody}>{e.body}</p> : null}
          </li>
        ),
      )}
    </ol>
  );
}
