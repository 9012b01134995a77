import type { Metadata } from "next";
import Link from "next/link";
import { Field } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { listMailbox } from "@/lib/mail";
import { requireMailboxReader } from "./require-reader";
import { StatusBadge, Timestamp } from "./message-labels";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Mailbox", robots: { index: false, follow: false } };

/** Every email the app queued while SMTP_URL is unset, newest first, with the links in each body. */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  await requireMailboxReader();
  const { to } = await searchParams;
  const recipient = typeof to === "string" && to.trim() ? to.trim() : undefined;
  const messages = await listMailbox({ to: recipient });

  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <PageHeader
        title="Mailbox"
        description="Emails are captured here instead of being sent, because SMTP_URL is not set."
        actions={
          <FilterBar label="Filter emails" submitLabel="Filter" clearHref={recipient ? "/dev/mailbox" : undefined} clearLabel="Show all" className="">
            <Field label="Recipient" name="to" type="email" defaultValue={recipient} placeholder="partner@example.com" className="w-64" />
          </FilterBar>
        }
      />

      {messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {recipient ? `No emails to ${recipient} yet.` : "No emails yet."}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white" aria-label="Emails">
          {messages.map((message) => (
            <li key={message.id} className="px-4 py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <Link href={`/dev/mailbox/${message.id}`} className="font-medium text-brand-700 hover:underline">
                  {message.subject || "(no subject)"}
                </Link>
                <span className="text-sm text-slate-500">
                  <Timestamp value={message.createdAt} />
                </span>
              </div>
              <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-700">
                <span>To: {message.to}</span>
                <StatusBadge status={message.status} />
              </div>
              {message.links.length > 0 ? (
                <ul className="mt-2 space-y-0.5 text-sm" aria-label={`Links in “${message.subject}”`}>
                  {message.links.map((link) => (
                    <li key={link} className="truncate">
                      <a href={link} className="text-brand-700 underline">
                        {link}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
