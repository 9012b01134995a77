import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { appUrl } from "@/lib/app-url";
import { enqueueEmail, enqueueEmails } from "@/lib/mail";
import { getBoss } from "@/lib/jobs";
import { recordAuditEvent } from "@/lib/audit/record-event";
import { emitApplicationEvents } from "@/lib/webhooks/emit";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import { splitName } from "@/lib/accounts/split-name";
import type { VendorCtx } from "@/lib/context";

export interface DecisionReport {
  /** Applications this call decided. */
  decided: number;
  /** Already decided (by someone else, or a moment ago) and left as they were. */
  skipped: number;
  /** Approved applicants who had meanwhile become partners another way (e.g. an invite). */
  alreadyPartners: number;
}

interface LockedApplication {
  id: string;
  status: string;
  group_id: string;
  user_id: string;
}

/**
 * Locks the selected applications of this vendor (ids of another vendor answer NOT_FOUND, so a
 * mixed selection changes nothing). Locked rows make two members deciding at once run in turn.
 */
async function lockApplications(tx: Tx, vendorId: string, ids: string[]): Promise<LockedApplication[]> {
  const unique = [...new Set(ids)];
  const rows = await tx.$queryRaw<LockedApplication[]>`
    SELECT id, status::text AS status, group_id, user_id FROM applications
    WHERE vendor_id = ${vendorId}::uuid AND id = ANY(${unique}::uuid[])
    ORDER BY id
    FOR UPDATE`;
  if (rows.length !== unique.length) throw notFound("This application");
  return rows;
}

/**
 * Approves applications: each applicant joins the group they applied to (createPartnership, with
 * join source JOIN_LINK) and is emailed, all in one transaction. This is a loop over at most one
 * page (50) of applications because every partnership needs its own referral link and audit row;
 * the reads around it are set-based.
 */
export async function approveApplications(ctx: VendorCtx, input: { applicationIds: string[] }): Promise<DecisionReport> {
  await getBoss(); // the queue's first start migrates its schema: never inside our transaction
  return db.$transaction(
    async (tx) => {
      const locked = await lockApplications(tx, ctx.vendorId, input.applicationIds);
      const pending = locked.filter((row) => row.status === "PENDING");
      const report: DecisionReport = { decided: 0, skipped: locked.length - pending.length, alreadyPartners: 0 };
      if (pending.length === 0) return report;

      const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: ctx.vendorId }, select: { name: true } });
      const groupIds = [...new Set(pending.map((row) => row.group_id))];
      // Share-lock the groups: archiving one waits for these approvals (and then sees its partners).
      await tx.$queryRaw`SELECT id FROM groups WHERE id = ANY(${groupIds}::uuid[]) ORDER BY id FOR SHARE`;
      const [groups, users, members] = await Promise.all([
        tx.group.findMany({ where: { vendorId: ctx.vendorId, id: { in: groupIds } }, select: { id: true, name: true, archivedAt: true } }),
        tx.user.findMany({ where: { id: { in: pending.map((row) => row.user_id) } }, select: { id: true, email: true, name: true } }),
        tx.partnership.findMany({
          where: { vendorId: ctx.vendorId, status: "ACTIVE", userId: { in: pending.map((row) => row.user_id) } },
          select: { userId: true },
        }),
      ]);
      const groupById = new Map(groups.map((g) => [g.id, g]));
      const userById = new Map(users.map((u) => [u.id, u]));
      const memberIds = new Set(members.map((m) => m.userId));
      const archived = groups.find((g) => g.archivedAt);
      if (archived) throw new AppError("CONFLICT", `${archived.name} is archived, so no one can join it.`);

      const now = new Date();
      const partnershipIds: string[] = [];
      for (const row of pending) {
        const user = userById.get(row.user_id)!;
        const group = groupById.get(row.group_id)!;
        if (memberIds.has(user.id)) {
          await tx.application.update({
            where: { id: row.id },
            data: { status: "SUPERSEDED", decidedById: ctx.actorId, decidedAt: now },
          });
          report.alreadyPartners += 1;
          continue;
        }
        const partnership = await createPartnership(ctx, {
          userId: user.id,
          groupId: group.id,
          joinSource: "JOIN_LINK",
          email: user.email,
          ...splitName(user.name),
        }, tx);
        partnershipIds.push(partnership.id);
        await tx.application.update({
          where: { id: row.id },
          data: { status: "APPROVED", decidedById: ctx.actorId, decidedAt: now },
        });
        await enqueueEmail(tx, {
          to: user.email,
          template: "application-approved",
          vendorId: ctx.vendorId,
          props: { vendorName: vendor.name, groupName: group.name, portalUrl: appUrl("/portal") },
        });
        report.decided += 1;
      }
      const approvedIds = pending.filter((row) => !memberIds.has(row.user_id)).map((row) => row.id);
      await emitApplicationEvents(tx, ctx.vendorId, "application.approved", approvedIds);
      if (partnershipIds.length > 0) {
        await recordAuditEvent(ctx, {
          action: "application.approved",
          data: { applicationIds: pending.map((row) => row.id) },
          partnershipIds,
        }, tx);
      }
      return report;
    },
    { timeout: 30_000 },
  );
}

/**
 * Rejects applications with an optional reason the partner is told in their email. One UPDATE for
 * the whole selection, then one outbox row per applicant, in the same transaction.
 */
export async function rejectApplications(ctx: VendorCtx, input: { applicationIds: string[]; reason?: string }): Promise<DecisionReport> {
  await getBoss();
  return db.$transaction(async (tx) => {
    const locked = await lockApplications(tx, ctx.vendorId, input.applicationIds);
    const pending = locked.filter((row) => row.status === "PENDING");
    const report: DecisionReport = { decided: 0, skipped: locked.length - pending.length, alreadyPartners: 0 };
    if (pending.length === 0) return report;

    const reason = input.reason?.trim() || null;
    const ids = pending.map((row) => row.id);
    await tx.application.updateMany({
      where: { vendorId: ctx.vendorId, id: { in: ids }, status: "PENDING" },
      data: { status: "REJECTED", rejectionReason: reason, decidedById: ctx.actorId, decidedAt: new Date() },
    });
    const [vendor, applications] = await Promise.all([
      tx.vendor.findUniqueOrThrow({ where: { id: ctx.vendorId }, select: { name: true } }),
      tx.application.findMany({
        where: { id: { in: ids } },
        select: { user: { select: { email: true } } },
      }),
    ]);
    await enqueueEmails(
      tx,
      applications.map((application) => ({
        to: application.user.email,
        template: "application-rejected" as const,
        vendorId: ctx.vendorId,
        props: { vendorName: vendor.name, portalUrl: appUrl("/portal"), ...(reason ? { reason } : {}) },
      })),
    );
    await emitApplicationEvents(tx, ctx.vendorId, "application.rejected", ids);
    await recordAuditEvent(ctx, {
      action: "application.rejected",
      data: { applicationIds: ids, reason },
      targetCount: ids.length,
    }, tx);
    report.decided = ids.length;
    return report;
  }, { timeout: 30_000 });
}
