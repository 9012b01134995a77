import type { ImportSummary } from "@/lib/imports/list-imports";

export const IMPORT_STATUS_LABELS: Record<ImportSummary["status"], string> = {
  PENDING: "Waiting to start",
  RUNNING: "Importing",
  COMPLETED: "Completed",
  FAILED: "Stopped",
};

export function formatWhen(date: Date | string): string {
  return new Date(date).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

/** "12 s", "3 min 5 s": how long an import took (or has taken so far). */
export function formatDuration(from: Date | string | null, to: Date | string | null): string {
  if (!from) return "—";
  const ms = Math.max(0, (to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime());
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}
