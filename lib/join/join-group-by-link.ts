import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { splitName } from "@/lib/accounts/split-name";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import { joinStatusFor } from "./join-status";
import { lockJoinGroup, REMOVED_MESSAGE, TEAM_MEMBER_MESSAGE } from "./lock-join-group";

export type JoinOutcome = { result: "joined" | "already_member"; vendorName: string };

/**
 * A signed-in partner joins a group without an application form. Joining twice (or twice at once)
 * leaves one partnership: the one-active-per-vendor key decides, and the loser is told it is a member.
 */
export async function joinGroupByLink(user: { id: string; email: string; name: string }, joinKey: string): Promise<JoinOutcome> {
  let vendorId: string | undefined;
  let vendorName = "";
  try {
    return await db.$transaction(async (tx) => {
      const group = await lockJoinGroup(tx, joinKey);
      vendorId = group.vendor.id;
      vendorName = group.vendor.name;
      if (group.form) {
        throw new AppError("CONFLICT", `${group.vendor.name} asks partners to apply first. Fill in the application form.`);
      }
      const status = await joinStatusFor({ vendorId: group.vendor.id }, user, tx);
      if (status.kind === "vendor_member") throw new AppError("FORBIDDEN", TEAM_MEMBER_MESSAGE(group.vendor.name));
      if (status.kind === "member") return { result: "already_member", vendorName };
      if (status.kind === "removed") throw new AppError("FORBIDDEN", REMOVED_MESSAGE(group.vendor.name));
      if (status.kind === "pending") {
        throw new AppError("CONFLICT", `Your application to ${group.vendor.name} (${status.groupName}) is still being reviewed.`);
      }
      await createPartnership({ vendorId: group.vendor.id, actorId: user.id }, {
        userId: user.id,
        groupId: group.id,
        joinSource: "JOIN_LINK",
        email: user.email,
        ...splitName(user.name),
      }, tx);
      return { result: "joined", vendorName };
    });
  } catch (error) {
    // The concurrent twin of this request created the partnership first: the unique index refused
    // ours, and the partner is simply a member now.
    if (vendorId && error instanceof AppError && error.code === "CONFLICT") {
      if ((await joinStatusFor({ vendorId }, user)).kind === "member") return { result: "already_member", vendorName };
    }
    throw error;
  }
}
