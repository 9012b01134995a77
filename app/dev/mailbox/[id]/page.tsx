import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { getMailboxMessage, mailFrom } from "@/lib/mail";
import { requireMailboxReader } from "../require-reader";
import { StatusBadge, Timestamp } from "../message-labels";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Email", robots: { index: false, follow: false } };

/** One captured email: its headers, the rendered HTML (sandboxed, no scripts) and its links. */
export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireMailboxReader();
  const { id } = await params;
  const message = await getMailboxMessage(id);
  if (!message) notFound();

  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <p className="mb-4 text-sm">
        <Link href="/dev/mailbox" className="text-brand-700 underline">
          Back to the mailbox
        </Link>
      </p>
      <PageHeader title={message.subject || "(no subject)"} />

      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <Header name="From">{mailFrom()}</Header>
        <Header name="To">{message.to}</Header>
        <Header name="Queued">
          <Timestamp value={message.createdAt} />
        </Header>
        {message.sentAt ? (
          <Header name="Delivered">
            <Timestamp value={message.sentAt} />
          </Header>
        ) : null}
        <Header name="Status">
          <StatusBadge status={message.status} />
          {message.attempts > 1 ? <span className="ml-2 text-slate-600">after {message.attempts} attempts</span> : null}
        </Header>
        {message.messageId ? <Header name="Message-ID">{message.messageId}</Header> : null}
        <Header name="Template">{message.template}</Header>
        {message.lastError ? <Header name="Last error">{message.lastError}</Header> : null}
      </dl>

      <section className="mt-6" aria-labelledby="links-heading">
        <h2 id="links-heading" className="text-lg font-semibold">
          Links in this email
        </h2>
        {message.links.length > 0 ? (
          <ul className="mt-2 space-y-1 text-sm">
            {message.links.map((link) => (
              <li key={link} className="break-all">
                <a href={link} className="text-brand-700 underline">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">None{message.html ? "" : " yet: the email has not been rendered"}.</p>
        )}
      </section>

      {message.html ? (
        <section className="mt-6" aria-labelledby="body-heading">
          <h2 id="body-heading" className="text-lg font-semibold">
            Message
          </h2>
          {/* An empty sandbox: no scripts, no forms, no navigation of this page from inside the email. */}
          <iframe
            title={`Email: ${message.subject}`}
            srcDoc={message.html}
            sandbox=""
            className="mt-2 h-[36rem] w-full rounded-lg border border-slate-200 bg-white"
          />
        </section>
      ) : null}

      {message.text ? (
        <details className="mt-6">
          <summary className="cursor-pointer text-sm font-medium text-slate-700">Plain-text version</summary>
          <pre className="mt-2 overflow-x-auto whitespace-pre-wrap rounded-lg border border-slate-200 bg-white p-4 text-sm">
            {message.text}
          </pre>
        </details>
      ) : null}
    </main>
  );
}

function Header({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-600">{name}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
