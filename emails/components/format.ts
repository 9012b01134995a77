const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/** "December 1, 2026 at 1:30 PM UTC": the recipient's time zone is unknown, so say which one. */
export function formatDateTime(date: Date): string {
  return `${dateFormat.format(date)} UTC`;
}
