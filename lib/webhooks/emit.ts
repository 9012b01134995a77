import "server-only";
import { auditEventPartnershipsSql } from "@/lib/audit/event-partners";
import { Prisma, type Tx } from "@/lib/db";
import type { WebhookEventType } from "./events";

/**
 * A partnership as webhooks (and the API) show it: public keys only, epoch milliseconds.
 * `p` is partnerships, `g` its group.
 */
const PARTNERSHIP_JSON = Prisma.sql`jsonb_build_object(
  'key', p.key, 'email', p.email, 'first_name', p.first_name, 'last_name', p.last_name,
  'partner_key', p.partner_key, 'tags', coalesce(to_jsonb(p.tags), '[]'::jsonb),
  'group', jsonb_build_object('key', g.key, 'name', g.name),
  'status', CASE WHEN p.status = 'ACTIVE' THEN 'active' ELSE 'archived' END,
  'created_at', (extract(epoch FROM p.joined_at) * 1000)::bigint,
  'removed_at', (extract(epoch FROM p.removed_at) * 1000)::bigint)`;

/** Whether any enabled endpoint of the vendor listens for `type` (so an action without one pays nothing). */
async function anyListener(tx: Tx, vendorId: string, type: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE vendor_id = ${vendorId}::uuid AND enabled AND ${type} = ANY(events)) AS found`;
  return rows[0]?.found === true;
}

/**
 * Queues `type` for each of these partnerships to every enabled endpoint of the vendor that listens
 * for it, in the caller's transaction (the outbox): one INSERT … SELECT whatever the number, so a bulk
 * action on 100,000 partners emits its events in one statement, and nothing at all without a listener.
 * `extra` is merged into each event's data (e.g. the group a partner moved from).
 */
export async function emitPartnershipEvents(
  tx: Tx,
  vendorId: string,
  type: Extract<WebhookEventType, `partnership.${string}` | "invite.accepted">,
  partnershipIds: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<number> {
  if (partnershipIds.length === 0 || !(await anyListener(tx, vendorId, type))) return 0;
  const count = await tx.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, vendor_id, event_type, payload)
    SELECT e.id, e.vendor_id, ${type},
           jsonb_build_object('type', ${type}::text, 'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'data', ${PARTNERSHIP_JSON} || ${JSON.stringify(extra)}::jsonb)
      FROM webhook_endpoints e
      JOIN partnerships p ON p.vendor_id = e.vendor_id AND p.id = ANY(${[...partnershipIds]}::uuid[])
      JOIN groups g ON g.id = p.group_id
     WHERE e.vendor_id = ${vendorId}::uuid AND e.enabled AND ${type} = ANY(e.events)`;
  return count;
}

/** Queues one event with the given data to every enabled endpoint of the vendor that listens for it. */
export async function emitWebhookEvent(tx: Tx, vendorId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  const count = await tx.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, vendor_id, event_type, payload)
    SELECT e.id, e.vendor_id, ${type},
           jsonb_build_object('type', ${type}::text, 'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'data', ${JSON.stringify(data)}::jsonb)
      FROM webhook_endpoints e
     WHERE e.vendor_id = ${vendorId}::uuid AND e.enabled AND ${type} = ANY(e.events)`;
  return count;
}

/** An application as webhooks show it (`a` applications, `u` the applicant, `g` the group). */
const APPLICATION_JSON = Prisma.sql`jsonb_build_object(
  'id', 'appl_' || replace(a.id::text, '-', ''), 'email', u.email, 'name', u.name,
  'group', jsonb_build_object('key', g.key, 'name', g.name), 'answers', a.answers,
  'status', lower(a.status::text), 'reason', a.rejection_reason,
  'created_at', (extract(epoch FROM a.created_at) * 1000)::bigint)`;

/** Queues an application event for each of these applications, like emitPartnershipEvents. */
export async function emitApplicationEvents(
  tx: Tx,
  vendorId: string,
  type: Extract<WebhookEventType, `application.${string}`>,
  applicationIds: readonly string[],
): Promise<number> {
  if (applicationIds.length === 0 || !(await anyListener(tx, vendorId, type))) return 0;
  return tx.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, vendor_id, event_type, payload)
    SELECT e.id, e.vendor_id, ${type},
           jsonb_build_object('type', ${type}::text, 'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'data', ${APPLICATION_JSON})
      FROM webhook_endpoints e
      JOIN applications a ON a.vendor_id = e.vendor_id AND a.id = ANY(${[...applicationIds]}::uuid[])
      JOIN users u ON u.id = a.user_id
      JOIN groups g ON g.id = a.group_id
     WHERE e.vendor_id = ${vendorId}::uuid AND e.enabled AND ${type} = ANY(e.events)`;
}

/**
 * Queues `type` for every partnership a bulk action's audit event lists (Delete Partners, Update
 * Partner Group), read from the event's partner list in the same statement, so 100,000 partners cost one
 * INSERT … SELECT and no list of ids travels. A move's events carry the group each partner left.
 */
export async function emitAuditEventPartnershipEvents(
  tx: Tx,
  vendorId: string,
  type: "partnership.removed" | "partnership.updated",
  eventId: string,
): Promise<number> {
  if (!(await anyListener(tx, vendorId, type))) return 0;
  return tx.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, vendor_id, event_type, payload)
    SELECT e.id, e.vendor_id, ${type},
           jsonb_build_object('type', ${type}::text, 'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'data', ${PARTNERSHIP_JSON} || CASE WHEN fg.id IS NULL OR fg.id = p.group_id THEN '{}'::jsonb
                                        ELSE jsonb_build_object('previous_group', jsonb_build_object('key', fg.key, 'name', fg.name)) END)
      FROM webhook_endpoints e
      CROSS JOIN ${auditEventPartnershipsSql(eventId)} ap
      JOIN partnerships p ON p.id = ap.partnership_id AND p.vendor_id = e.vendor_id
      JOIN groups g ON g.id = p.group_id
      LEFT JOIN groups fg ON fg.id = ap.from_group_id
     WHERE e.vendor_id = ${vendorId}::uuid AND e.enabled AND ${type} = ANY(e.events)`;
}
