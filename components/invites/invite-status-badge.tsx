import type { InviteDisplayStatus } from "@/lib/invites/rules";

const STYLES: Record<InviteDisplayStatus, { label: string; className: string }> = {
  pending: { label: "Pending", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  expired: { label: "Expired", className: "bg-slate-100 text-slate-700 ring-slate-300" },
  accepted: { label: "Accepted", className: "bg-green-50 text-green-800 ring-green-200" },
  revoked: { label: "Revoked", className: "bg-red-50 text-red-800 ring-red-200" },
};

export function InviteStatusBadge({ status }: { status: InviteDisplayStatus }) {
  const style = STYLES[status];
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>{style.label}</span>;
}
