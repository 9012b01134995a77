import "server-only";
import type { VendorCtx } from "@/lib/context";
import type { SqlTx } from "@/lib/db";
import { prepared, Prisma } from "@/lib/db";
import type { AuditAction } from "./schemas";

export type { AuditAction } from "./schemas";

export interface AuditInput {
  action: AuditAction;
  data?: Prisma.InputJsonValue;
  /** Partnerships affected (small sets). Bulk actions write their list in their own statement (event-partners.ts). */
  partnershipIds?: string[];
  targetCount?: number;
}

/**
 * The `actor_label` of an event by `ctx`, as SQL: the acting member's name, else the label of a
 * non-person actor (an API key), else empty. Bulk actions that insert their event in SQL use it too.
 */
export function actorLabelSql(ctx: VendorCtx): Prisma.Sql {
  return Prisma.sql`coalesce((SELECT u.name FROM users u WHERE u.id = ${ctx.actorId}::uuid), ${ctx.actorLabel ?? ""})`;
}

/**
 * Records who did what to which partners; runs inside the caller's transaction. The actor's name is
 * kept beside their id (`actor_label`), so the log still says who acted if the account is deleted.
 * The partnerships go into the event's one partner list row, sorted. The audit tables are
 * append-only (a trigger refuses UPDATE and DELETE): this and the bulk actions' INSERT … SELECT are
 * the only ways rows get there.
 */
export async function recordAuditEvent(ctx: VendorCtx, input: AuditInput, tx: SqlTx): Promise<string> {
  const targetCount = input.targetCount ?? input.partnershipIds?.length ?? 0;
  const [event] = await tx.$queryRaw<{ id: string }[]>(prepared(Prisma.sql`
    INSERT INTO audit_events (vendor_id, actor_id, actor_label, action, target_count, data)
    VALUES (${ctx.vendorId}::uuid, ${ctx.actorId}::uuid,
            ${actorLabelSql(ctx)},
            ${input.action}, ${targetCount}::int, ${JSON.stringify(input.data ?? {})}::jsonb)
    RETURNING id::text`));
  if (input.partnershipIds?.length) {
    await tx.$executeRaw`
      INSERT INTO audit_event_partners (event_id, partnership_ids, partnership_count)
      SELECT ${event!.id}::uuid, array_agg(DISTINCT id ORDER BY id), count(DISTINCT id)::int
        FROM unnest(${input.partnershipIds}::uuid[]) AS id`;
  }
  return event!.id;
}
