// The dashboard's one table: a horizontally scrolling wrapper, a header row of columns, and the
// rows the caller renders. Each page keeps its look through its CSS module's classes (`className`
// of the table, of a column: e.g. right-aligned numbers); the shared rules are globals.css's
// `.data-table`, sized per page through its CSS variables.
import type { CSSProperties, ReactNode } from "react";
import Link from "next/link";

export interface Column {
  label: ReactNode;
  /** The header cell's class (numbers: the page's right-aligning class). */
  className?: string;
}

export function DataTable({
  columns,
  className,
  testId,
  caption,
  scrollStyle,
  children,
}: {
  columns: readonly Column[];
  className?: string;
  testId?: string;
  /** Read by screen readers only. */
  caption?: ReactNode;
  scrollStyle?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" style={scrollStyle}>
      <table className={className ? `data-table ${className}` : "data-table"} data-testid={testId}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.className}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A row header naming a model: its key linking to the model page, then whatever the table adds. */
export function ModelCell({ model, children }: { model: { id: string; key: string }; children?: ReactNode }) {
  return (
    <th scope="row">
      <ModelKeyLink model={model} />
      {children}
    </th>
  );
}

/** A model's key linking to its page. */
export function ModelKeyLink({ model }: { model: { id: string; key: string } }) {
  return (
    <Link href={`/models/${model.id}`}>
      <code>{model.key}</code>
    </Link>
  );
}
