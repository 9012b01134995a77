import Link from "next/link";

const WAYS = [
  {
    title: "Share a join link",
    text: "Each group has a link partners open to join (or to apply, with an application form). Copy it from Group Settings.",
    action: "Open Group Settings",
  },
  {
    title: "Invite by email",
    text: "Send invites to one or many addresses; the partner accepts and joins the group, no application needed.",
    action: "Invite partners",
    href: "/partners/invites",
  },
  {
    title: "Import a CSV",
    text: "Bring a list of up to 100,000 partners from a spreadsheet, with or without invite emails.",
    action: "Import partners",
    href: "/import",
  },
  {
    title: "Use the API",
    text: "Create partnerships from your own systems with an API key (PartnerStack-compatible).",
    action: "Create an API key",
    href: "/settings/api-keys",
  },
] as const;

/** What a program without partners shows first: the four ways partners come in, each with its page. */
export function WaysIn({ joinLinkHref }: { joinLinkHref: string }) {
  return (
    <section aria-labelledby="ways-in-heading" className="mb-6 rounded-lg border border-dashed border-slate-300 bg-white p-5">
      <h2 id="ways-in-heading" className="text-base font-semibold text-slate-900">
        No partners yet
      </h2>
      <p className="mt-1 text-sm text-slate-600">Partners join your program in four ways. Pick one to start; the figures below fill in as they arrive.</p>
      <ol className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {WAYS.map((way, index) => (
          <li key={way.title} className="flex flex-col rounded-md border border-slate-200 p-4">
            <p className="text-sm font-semibold text-slate-900">
              <span aria-hidden className="mr-2 text-slate-500">
                {index + 1}.
              </span>
              {way.title}
            </p>
            <p className="mt-1 flex-1 text-sm text-slate-600">{way.text}</p>
            <Link href={"href" in way ? way.href : joinLinkHref} className="mt-3 text-sm font-medium text-brand-700 hover:underline">
              {way.action} <span aria-hidden>→</span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
