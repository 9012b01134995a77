import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";
import { newJoinKey } from "@/lib/groups/join-key";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import type { VendorCtx } from "@/lib/context";

export const PASSWORD = "a long enough password";

function unique(label: string): string {
  return `${label}-${randomBytes(4).toString("hex")}`;
}

/** A vendor with its owner and Default group, created the way sign-up creates them. */
export async function createVendor(name = "Acme Analytics") {
  const ownerEmail = `${unique("owner")}@vendor.example`;
  const { vendorId, userId } = await signUpVendor({
    companyName: name,
    website: "https://acme.example",
    name: "Olivia Owner",
    email: ownerEmail,
    password: PASSWORD,
  });
  const defaultGroup = await db.group.findFirstOrThrow({ where: { vendorId, isDefault: true }, select: { id: true, name: true } });
  const ctx: VendorCtx = { vendorId, actorId: userId };
  return { vendorId, ownerId: userId, ownerEmail, ctx, defaultGroup, name };
}

export async function createGroup(vendorId: string, name: string) {
  return db.group.create({ data: { vendorId, name, joinKey: newJoinKey() }, select: { id: true, name: true } });
}

/** A partner account with a password (can log in). */
export async function createPartnerAccount(email = `${unique("partner")}@partner.example`, name = "Pat Partner") {
  return db.user.create({
    data: { email, name, passwordHash: await hashPassword(PASSWORD) },
    select: { id: true, email: true, name: true },
  });
}

export async function joinDirectly(vendorId: string, groupId: string, user: { id: string; email: string }) {
  return db.$transaction((tx) =>
    createPartnership({ vendorId: vendorId, actorId: user.id }, { userId: user.id, groupId, joinSource: "JOIN_LINK", email: user.email,}, tx),
  );
}

export function newAddress(label = "invitee"): string {
  return `${unique(label)}@partner.example`;
}

/** The invite link of the newest invite email queued for `email`, read from the outbox as the worker will send it. */
export async function latestInviteLink(email: string): Promise<{ url: string; token: string; isResend: boolean }> {
  const message = await db.emailMessage.findFirstOrThrow({
    where: { to: email, template: "partner-invite" },
    orderBy: { createdAt: "desc" },
    select: { props: true },
  });
  const props = message.props as { acceptUrl: string; isResend: boolean };
  const token = new URL(props.acceptUrl).pathname.split("/").pop()!;
  return { url: props.acceptUrl, token, isResend: props.isResend };
}

export async function inviteEmailCount(email: string): Promise<number> {
  return db.emailMessage.count({ where: { to: email, template: "partner-invite" } });
}
