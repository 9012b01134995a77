"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type CopyStatus = "idle" | "copied" | "failed";

/**
 * Copy-to-clipboard with feedback that clears itself after a few seconds. Without clipboard access
 * (permission denied, insecure origin) it selects the text in `fallback`, so the person can copy
 * it by keyboard, and reports "failed".
 */
export function useCopy(resetAfterMs = 4000) {
  const [status, setStatus] = useState<CopyStatus>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = useCallback(
    async (text: string, fallback?: HTMLInputElement | null) => {
      clearTimeout(timer.current);
      try {
        await navigator.clipboard.writeText(text);
        setStatus("copied");
      } catch {
        fallback?.select();
        setStatus("failed");
      }
      timer.current = setTimeout(() => setStatus("idle"), resetAfterMs);
    },
    [resetAfterMs],
  );

  return { status, copy };
}

/** The live region that announces a copy: "Copied", or how to copy by keyboard. */
export function CopyFeedback({
  status,
  failedText = "Press Ctrl+C (⌘C) to copy",
  as: Element = "span",
  className,
}: {
  status: CopyStatus;
  failedText?: string;
  as?: "span" | "div";
  className?: string;
}) {
  return (
    <Element role="status" className={className}>
      {status === "copied" ? <span className="text-green-700">Copied</span> : null}
      {status === "failed" ? <span className="text-slate-700">{failedText}</span> : null}
    </Element>
  );
}
