import type { SkipReason, SkippedInvite } from "@/lib/invites/create-invites";

const HEADINGS: Record<SkipReason, string> = {
  invalid: "Not valid email addresses",
  duplicate: "Listed more than once (invited once)",
  active_partner: "Already active partners",
  already_invited: "Already invited",
};

const ORDER: SkipReason[] = ["already_invited", "active_partner", "invalid", "duplicate"];

/**
 * What "Send invites" did not send, grouped by reason. `renderAction` adds a control per address
 * (the dialog offers "Resend" for addresses that already have a pending invite).
 */
export function SkippedInvites({ skipped, renderAction }: { skipped: SkippedInvite[]; renderAction?: (item: SkippedInvite) => React.ReactNode }) {
  if (skipped.length === 0) return null;
  return (
    <div className="space-y-3" aria-label="Skipped addresses" role="group">
      <p className="text-sm font-medium text-slate-800">
        {skipped.length === 1 ? "1 address was skipped:" : `${skipped.length.toLocaleString("en")} addresses were skipped:`}
      </p>
      {ORDER.map((reason) => {
        const items = skipped.filter((s) => s.reason === reason);
        if (items.length === 0) return null;
        return (
          <section key={reason}>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              {HEADINGS[reason]} ({items.length.toLocaleString("en")})
            </h3>
            <ul className="mt-1 max-h-40 space-y-1 overflow-y-auto text-sm text-slate-700">
              {items.map((item, index) => (
                <li key={`${item.email}-${index}`} className="flex items-center justify-between gap-2">
                  <span className="truncate font-mono">
                    {item.email || "(empty)"}
                    {item.expired ? <span className="ml-1 font-sans text-xs text-slate-500">(expired)</span> : null}
                  </span>
                  {renderAction?.(item)}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
