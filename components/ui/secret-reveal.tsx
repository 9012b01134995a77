"use client";

import { useId, useRef } from "react";
import { Button } from "./button";
import { CopyFeedback, useCopy } from "./copy";
import { inputClasses } from "./field";

/**
 * A secret shown once (a new API key, a webhook signing secret): read-only, selected on focus, with
 * a copy button and the warning that it will not be shown again.
 */
export function SecretReveal({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  const { status, copy } = useCopy();
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          ref={field}
          readOnly
          value={value}
          aria-describedby={`${id}-hint`}
          className={`${inputClasses} font-mono`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button type="button" variant="secondary" onClick={() => copy(value, field.current)}>
          {copyLabel}
        </Button>
      </div>
      <p id={`${id}-hint`} className="text-sm text-amber-900">
        Copy it now and keep it somewhere safe: it is shown only once.
      </p>
      <CopyFeedback status={status} as="div" className="text-sm" />
    </div>
  );
}
