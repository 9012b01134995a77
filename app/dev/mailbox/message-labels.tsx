import type { MailboxEntry } from "@/lib/mail";

const STYLES: Record<MailboxEntry["status"], string> = {
  SENT: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  QUEUED: "bg-amber-50 text-amber-800 ring-amber-600/20",
  FAILED: "bg-red-50 text-red-800 ring-red-600/20",
};

const LABELS: Record<MailboxEntry["status"], string> = { SENT: "Delivered", QUEUED: "Queued", FAILED: "Failed" };

export function StatusBadge({ status }: { status: MailboxEntry["status"] }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}>
      {LABELS[status]}
    </span>
  );
}

const timeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium" });

export function Timestamp({ value }: { value: Date }) {
  return <time dateTime={value.toISOString()}>{timeFormat.format(value)}</time>;
}
