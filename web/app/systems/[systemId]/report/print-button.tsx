"use client";

/** Opens the browser's print dialog (where "Save as PDF" is). Hidden when printing. */
export function PrintButton() {
  return (
    <button type="button" className="button no-print" onClick={() => window.print()} data-testid="report-print-button">
      Print / Save as PDF
    </button>
  );
}
