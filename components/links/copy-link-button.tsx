"use client";

import { useId, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyFeedback, useCopy } from "@/components/ui/copy";

/**
 * A referral URL in a read-only field with a "Copy link" button. Without clipboard access (permission
 * denied, insecure origin) the field's text is selected so the person can copy it by keyboard.
 */
export function CopyLinkField({ url, label = "Referral link" }: { url: string; label?: string }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const { status, copy } = useCopy();

  return (
    <div>
      <label htmlFor={inputId} className="block text-xs font-semibold uppercase tracking-wide text-slate-500">
        {label}
      </label>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <input
          id={inputId}
          ref={input}
          value={url}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-64 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm text-slate-800"
        />
        <Button variant="secondary" size="sm" onClick={() => copy(url, input.current)}>
          Copy link
        </Button>
        <CopyFeedback status={status} className="min-w-16 text-sm" />
      </div>
    </div>
  );
}
