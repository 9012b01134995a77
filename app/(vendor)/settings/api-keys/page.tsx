import type { Metadata } from "next";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { listApiKeys, type ApiKeyRow } from "@/lib/api-keys/list-api-keys";
import { requireVendorMember, roleAtLeast } from "@/lib/auth/session";
import { CreateApiKeyForm } from "./create-api-key-form";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

export const metadata: Metadata = { title: "API keys" };

const when = (date: Date | null, none = "Never") =>
  date ? date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : none;

const STATUS_LABELS = { active: "Active", revoked: "Revoked", expired: "Expired" } as const;

const COLUMNS: DataTableColumn<ApiKeyRow>[] = [
  { header: "Name", className: "font-medium text-slate-900", cell: (row) => row.name },
  { header: "Key", className: "font-mono text-slate-700", cell: (row) => row.hint },
  { header: "Created by", className: "text-slate-700", cell: (row) => row.createdBy ?? "—" },
  { header: "Created", className: "whitespace-nowrap text-slate-700", cell: (row) => when(row.createdAt) },
  { header: "Last used", className: "whitespace-nowrap text-slate-700", cell: (row) => when(row.lastUsedAt) },
  { header: "Expires", className: "whitespace-nowrap text-slate-700", cell: (row) => when(row.expiresAt, "Never") },
  { header: "Status", className: "text-slate-700", cell: (row) => STATUS_LABELS[row.status] },
  {
    header: <span className="sr-only">Actions</span>,
    align: "right",
    cell: (row) => (row.status === "active" ? <RevokeApiKeyButton apiKeyId={row.id} name={row.name} /> : null),
  },
];

/** Settings > API keys: Owners and Admins create and revoke; a Member sees why not, and no keys. */
export default async function ApiKeysPage() {
  const { ctx, role } = await requireVendorMember();
  if (!roleAtLeast(role, "ADMIN")) {
    return (
      <section aria-labelledby="api-keys-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="api-keys-heading" className="text-base font-semibold">
          API keys
        </h2>
        <p className="mt-2 text-sm text-slate-700">Only owners and admins can see and manage API keys.</p>
      </section>
    );
  }
  const keys = await listApiKeys(ctx);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        A key acts for your program with Admin rights through the REST API (<code>/api/v2</code>). Send it as{" "}
        <code>Authorization: Bearer &lt;key&gt;</code>. It is shown once, when created. Endpoints, parameters and examples:{" "}
        <a className="text-indigo-700 underline" href="/docs/api">
          API reference
        </a>
        .
      </p>
      <CreateApiKeyForm />
      <DataTable
        caption="API keys"
        columns={COLUMNS}
        rows={keys}
        rowKey={(row) => row.id}
        emptyState={<EmptyState title="No API keys yet">Create one to use the REST API.</EmptyState>}
      />
    </div>
  );
}
