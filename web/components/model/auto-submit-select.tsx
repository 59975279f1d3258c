"use client";
// A <select> that submits its GET form when it changes (the form's button still works without JS).
import type { ReactNode } from "react";

export function AutoSubmitSelect({ name, defaultValue, label, children, testId }: { name: string; defaultValue: string; label: string; children: ReactNode; testId?: string }) {
  return (
    <select
      name={name}
      defaultValue={defaultValue}
      aria-label={label}
      data-testid={testId}
      onChange={(event) => event.currentTarget.form?.requestSubmit()}
    >
      {children}
    </select>
  );
}
