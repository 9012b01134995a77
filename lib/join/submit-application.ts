import "server-only";
import { emitApplicationEvents } from "@/lib/webhooks/emit";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { answersSchemaFor } from "@/lib/applications/answers";
import { parseOrThrow } from "@/lib/validations/form-data";
import { joinStatusFor } from "./join-status";
import { lockJoinGroup, REMOVED_MESSAGE, TEAM_MEMBER_MESSAGE } from "./lock-join-group";

export type SubmitOutcome =
  | { result: "submitted"; applicationId: string }
  | { result: "already_pending"; applicationId: string }
  | { result: "already_member" };

/**
 * A signed-in partner applies to a group through its join link. The answers are checked against
 * the group's stored form (never what the browser says the form is) and the form as it is now is
 * snapshotted with them. One pending application per partner and vendor: a double submit, even a
 * concurrent one, returns the application the first created.
 */
export async function submitApplication(
  user: { id: string; email: string },
  input: { joinKey: string; answers: Record<string, unknown> },
): Promise<SubmitOutcome> {
  let vendorId: string | undefined;
  try {
    return await db.$transaction(async (tx): Promise<SubmitOutcome> => {
      const group = await lockJoinGroup(tx, input.joinKey);
      vendorId = group.vendor.id;
      if (!group.form) {
        throw new AppError("CONFLICT", `${group.vendor.name} no longer asks for an application here. Reload the page to join.`);
      }
      const status = await joinStatusFor({ vendorId: group.vendor.id }, user, tx);
      if (status.kind === "vendor_member") throw new AppError("FORBIDDEN", TEAM_MEMBER_MESSAGE(group.vendor.name));
      if (status.kind === "member") return { result: "already_member" };
      if (status.kind === "removed") throw new AppError("FORBIDDEN", REMOVED_MESSAGE(group.vendor.name));
      if (status.kind === "pending") {
        const existing = await tx.application.findFirstOrThrow({
          where: { vendorId: group.vendor.id, userId: user.id, status: "PENDING" },
          select: { id: true },
        });
        return { result: "already_pending", applicationId: existing.id };
      }
      const answers = parseOrThrow(answersSchemaFor(group.form), input.answers);
      const application = await tx.application.create({
        data: { vendorId: group.vendor.id, groupId: group.id, userId: user.id, answers, formSnapshot: group.form },
        select: { id: true },
      });
      await emitApplicationEvents(tx, group.vendor.id, "application.created", [application.id]);
      return { result: "submitted", applicationId: application.id };
    });
  } catch (error) {
    if (vendorId && isUniqueViolation(error)) {
      const existing = await db.application.findFirst({
        where: { vendorId, userId: user.id, status: "PENDING" },
        select: { id: true },
      });
      if (existing) return { result: "already_pending", applicationId: existing.id };
    }
    throw error;
  }
}
