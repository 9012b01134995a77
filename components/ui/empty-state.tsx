import Link from "next/link";

export interface EmptyStateWay {
  /** What the way in is, e.g. "Invite by email". */
  title: string;
  /** One sentence saying where to go and what to press there. */
  text?: string;
  /** The page that does it, and the link's words. */
  href: string;
  label: string;
  /** A second page that helps with the same way (e.g. the API reference). */
  more?: { href: string; label: string };
}

/**
 * What a list shows when it has nothing in it. With `ways`, it teaches: each way to fill the list,
 * with a link to the page where it is done.
 */
export function EmptyState({ title, children, ways }: { title: string; children?: React.ReactNode; ways?: readonly EmptyStateWay[] }) {
  return (
    <section aria-label={title} className={`rounded-lg border border-dashed border-slate-300 bg-white px-4 sm:px-6 ${ways ? "py-8" : "py-12 text-center"}`}>
      <p className="text-sm font-semibold text-slate-900">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
      {ways && ways.length > 0 ? (
        <ul className="mt-5 grid gap-3 sm:grid-cols-2">
          {ways.map((way) => (
            <li key={way.title} className="flex flex-col rounded-md border border-slate-200 p-4">
              <p className="text-sm font-semibold text-slate-900">{way.title}</p>
              {way.text ? <p className="mt-1 flex-1 text-sm text-slate-600">{way.text}</p> : null}
              <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm font-medium">
                <Link href={way.href} className="text-brand-700 hover:underline">
                  {way.label} <span aria-hidden>→</span>
                </Link>
                {way.more ? (
                  <Link href={way.more.href} className="text-brand-700 hover:underline">
                    {way.more.label} <span aria-hidden>→</span>
                  </Link>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
