import type { Metadata } from "next";
import { DataTable } from "@/components/ui/data-table";
import { requireVendorMember, roleAtLeast } from "@/lib/auth/session";
import { listDeliveries, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { AddEndpointForm } from "./add-endpoint-form";
import { EndpointButtons, RedeliverButton } from "./endpoint-buttons";

export const metadata: Metadata = { title: "Webhooks" };

const when = (date: Date | null) => (date ? date.toLocaleString("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC" : "—");
const STATUS_LABELS = { PENDING: "Retrying", SUCCEEDED: "Delivered", FAILED: "Failed" } as const;

export default async function WebhooksPage() {
  const { ctx, role } = await requireVendorMember();
  if (!roleAtLeast(role, "ADMIN")) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700">
        <button type="button" disabled className="mb-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-400" aria-describedby="webhooks-role">
          Add endpoint
        </button>
        <p id="webhooks-role">Only Owners and Admins manage webhooks, which send partner data to other systems.</p>
      </div>
    );
  }
  const endpoints = await listWebhookEndpoints(ctx);
  const logs = await Promise.all(endpoints.map((endpoint) => listDeliveries(ctx, { endpointId: endpoint.id })));
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        Your program posts its events to these URLs as they happen, signed with the Standard Webhooks scheme (headers webhook-id,
        webhook-timestamp and webhook-signature). Failed deliveries are retried for about a day; an endpoint failing for three days is
        disabled and owners are emailed.
      </p>
      <AddEndpointForm />
      {endpoints.map((endpoint, index) => (
        <section key={endpoint.id} aria-label={`Endpoint ${endpoint.url}`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h2 className="break-all font-mono text-sm font-semibold text-slate-900">{endpoint.url}</h2>
              <p className="mt-1 text-sm text-slate-600">{endpoint.events.join(", ")}</p>
              <p className={`mt-1 text-sm ${endpoint.enabled ? (endpoint.failingSince ? "text-amber-800" : "text-green-800") : "text-red-800"}`}>
                {endpoint.enabled
                  ? endpoint.failingSince
                    ? `Enabled · failing since ${when(endpoint.failingSince)}`
                    : "Enabled"
                  : `Disabled · ${endpoint.disabledReason ?? ""}`}
              </p>
            </div>
            <EndpointButtons endpointId={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} />
          </div>
          <DataTable
            caption={`Delivery log of ${endpoint.url}`}
            variant="plain"
            columns={[
              { header: "Time", cell: (row) => when(row.lastAttemptAt ?? row.createdAt) },
              { header: "Event", cell: (row) => row.eventType },
              { header: "Status", cell: (row) => STATUS_LABELS[row.status] },
              { header: "Code", cell: (row) => row.lastStatusCode ?? (row.lastError ? "—" : ""), align: "right" },
              { header: "Duration", cell: (row) => (row.lastDurationMs === null ? "" : `${row.lastDurationMs} ms`), align: "right" },
              { header: "Attempt", cell: (row) => row.attempts, align: "right" },
              { header: "Error", cell: (row) => <span className="break-all text-xs text-slate-600">{row.lastError ?? ""}</span> },
              { header: <span className="sr-only">Actions</span>, cell: (row) => (row.attempts > 0 ? <RedeliverButton deliveryId={row.id} /> : null), align: "right" },
            ]}
            rows={logs[index] ?? []}
            rowKey={(row) => row.id}
            emptyState={<p className="text-sm text-slate-600">No deliveries yet. Send a test event to try the endpoint.</p>}
          />
        </section>
      ))}
    </div>
  );
}
