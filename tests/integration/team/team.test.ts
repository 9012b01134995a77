import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { acceptTeamInvite, findTeamInviteByToken } from "@/lib/team/accept-team-invite";
import { listTeam } from "@/lib/team/list-team";
import { changeMemberRole, removeMember, transferOwnership } from "@/lib/team/members";
import { currentMembership, listMemberships, switchVendor } from "@/lib/team/memberships";
import { inviteTeammate, resendTeamInvite, revokeTeamInvite } from "@/lib/team/team-invites";
import { addMember, addPartner, createAccount, createVendor, latestTeamInviteLink, newAddress, PASSWORD, type TestVendor } from "../../support/factories";

async function memberId(vendorId: string, userId: string): Promise<string> {
  return (await db.vendorMember.findUniqueOrThrow({ where: { vendorId_userId: { vendorId, userId } }, select: { id: true } })).id;
}

async function roleOf(vendorId: string, userId: string) {
  return (await db.vendorMember.findUnique({ where: { vendorId_userId: { vendorId, userId } }, select: { role: true } }))?.role ?? null;
}

async function auditActions(vendorId: string): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ where: { vendorId, action: { startsWith: "team." } }, orderBy: { createdAt: "asc" }, select: { action: true } });
  return rows.map((row) => row.action);
}

describe("teammate invites", () => {
  let acme: TestVendor;
  beforeEach(async () => {
    acme = await createVendor("Acme");
  });

  it("an invite emails a link; a new person creates an account with it and joins with the invite's role", async () => {
    const email = newAddress("teammate", "team.example");
    await inviteTeammate(acme.ctx, { email, role: "ADMIN" });
    const link = await latestTeamInviteLink(email);
    expect(link.url).toContain("/team-invite/");

    const lookup = await findTeamInviteByToken(link.token);
    expect(lookup).toMatchObject({ valid: true, invite: { email, role: "ADMIN", vendorName: "Acme", inviterName: "Olivia Owner" }, accountExists: false });

    const joined = await acceptTeamInvite({ token: link.token, newAccount: { name: "Tess Teammate", password: PASSWORD } });
    expect(joined.vendorId).toBe(acme.vendorId);
    expect(await roleOf(acme.vendorId, joined.userId)).toBe("ADMIN");
    const user = await db.user.findUniqueOrThrow({ where: { id: joined.userId } });
    expect(user.emailVerifiedAt).not.toBeNull();
    // The link is used up.
    expect(await findTeamInviteByToken(link.token)).toMatchObject({ valid: false, vendorName: "Acme" });
    await expect(acceptTeamInvite({ token: link.token, newAccount: { name: "Again", password: PASSWORD } })).rejects.toMatchObject({ code: "GONE" });
    expect(await auditActions(acme.vendorId)).toEqual(["team.invited", "team.joined"]);
  });

  it("an existing account (a partner of another program) accepts while logged in, and acts for the new program", async () => {
    const other = await createVendor("Other Co");
    const account = await createAccount({ name: "Pat Both" });
    const partner = await addPartner(other.ctx, { user: account });
    const email = account.email;
    await inviteTeammate(acme.ctx, { email, role: "MEMBER" });
    const { token } = await latestTeamInviteLink(email);
    expect(await findTeamInviteByToken(token)).toMatchObject({ valid: true, accountExists: true });

    const someoneElse = await createAccount();
    await expect(acceptTeamInvite({ token, userId: someoneElse.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await acceptTeamInvite({ token, userId: partner.userId });
    expect(await roleOf(acme.vendorId, partner.userId)).toBe("MEMBER");
    expect((await currentMembership(partner.userId))?.vendor.id).toBe(acme.vendorId);
    // Still a partner of the other program.
    expect(await db.partnership.count({ where: { userId: partner.userId, status: "ACTIVE" } })).toBe(1);
    // A second click (another tab) is not an error.
    await expect(acceptTeamInvite({ token, userId: partner.userId })).resolves.toMatchObject({ vendorId: acme.vendorId });
  });

  it("an address already on the team, or already invited, is refused with what to do; nothing is sent", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    await expect(inviteTeammate(acme.ctx, { email: admin.email, role: "MEMBER" })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: `${admin.email} is already on the team.`,
    });
    const email = newAddress("twice", "team.example");
    await inviteTeammate(acme.ctx, { email, role: "MEMBER" });
    await expect(inviteTeammate(acme.ctx, { email: email.toUpperCase(), role: "ADMIN" })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: expect.stringContaining("already has a pending invite"),
    });
    expect(await db.emailMessage.count({ where: { to: email, template: "teammate-invite" } })).toBe(1);
  });

  it("resend rotates the link (the old one stops working) and revoke ends it", async () => {
    const email = newAddress("rotate", "team.example");
    const { id } = await inviteTeammate(acme.ctx, { email, role: "MEMBER" });
    const first = await latestTeamInviteLink(email);
    await resendTeamInvite(acme.ctx, { teamInviteId: id });
    const second = await latestTeamInviteLink(email);
    expect(second.isResend).toBe(true);
    expect(second.token).not.toBe(first.token);
    expect(await findTeamInviteByToken(first.token)).toMatchObject({ valid: false });
    expect(await findTeamInviteByToken(second.token)).toMatchObject({ valid: true });
    // One send a minute per invite.
    await expect(resendTeamInvite(acme.ctx, { teamInviteId: id })).rejects.toMatchObject({ code: "RATE_LIMITED" });

    await revokeTeamInvite(acme.ctx, { teamInviteId: id });
    expect(await findTeamInviteByToken(second.token)).toMatchObject({ valid: false, vendorName: "Acme" });
    await expect(acceptTeamInvite({ token: second.token, newAccount: { name: "Late", password: PASSWORD } })).rejects.toMatchObject({ code: "GONE" });
    // Revoked: the address can be invited again.
    await expect(inviteTeammate(acme.ctx, { email, role: "MEMBER" })).resolves.toMatchObject({ email });
  });

  it("an expired invite says so and cannot be accepted; a resend gives it a new life", async () => {
    const email = newAddress("expired", "team.example");
    const { id } = await inviteTeammate(acme.ctx, { email, role: "MEMBER" });
    const { token } = await latestTeamInviteLink(email);
    await db.teamInvite.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findTeamInviteByToken(token)).toMatchObject({ valid: false, vendorName: "Acme" });
    await expect(acceptTeamInvite({ token, newAccount: { name: "Late", password: PASSWORD } })).rejects.toMatchObject({
      code: "GONE",
      userMessage: "This invite is no longer valid. Ask Acme to send you a new invite.",
    });
    expect((await listTeam(acme.ctx)).invites).toEqual([expect.objectContaining({ id, expired: true })]);
  });

  it("Admins cannot invite Owners, nor resend or revoke an Owner's invite; Members cannot invite at all", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    await expect(inviteTeammate(admin.ctx, { email: newAddress(), role: "OWNER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(inviteTeammate(member.ctx, { email: newAddress(), role: "MEMBER" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "Only owners and admins can manage the team.",
    });
    const { id } = await inviteTeammate(acme.ctx, { email: newAddress("co-owner"), role: "OWNER" });
    await expect(revokeTeamInvite(admin.ctx, { teamInviteId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resendTeamInvite(admin.ctx, { teamInviteId: id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.teamInvite.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    await expect(inviteTeammate(admin.ctx, { email: newAddress(), role: "MEMBER" })).resolves.toBeTruthy();
  });

  it("a vendor whose owner has not verified their address cannot send team invites", async () => {
    const fresh = await createVendor("Unverified", { verified: false });
    await expect(inviteTeammate(fresh.ctx, { email: newAddress(), role: "MEMBER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.teamInvite.count({ where: { vendorId: fresh.vendorId } })).toBe(0);
  });
});

describe("roles, removal and the last Owner", () => {
  let acme: TestVendor;
  beforeEach(async () => {
    acme = await createVendor("Acme");
  });

  it("the last Owner cannot be demoted or removed, by anyone, with the reason", async () => {
    const ownerMember = await memberId(acme.vendorId, acme.ownerId);
    await expect(changeMemberRole(acme.ctx, { memberId: ownerMember, role: "ADMIN" })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: expect.stringContaining("is the only Owner"),
    });
    await expect(removeMember(acme.ctx, { memberId: ownerMember })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await roleOf(acme.vendorId, acme.ownerId)).toBe("OWNER");
  });

  it("two Owners demoting each other at the same moment leave exactly one Owner", async () => {
    const second = await addMember(acme.ctx, { role: "OWNER" });
    const [a, b] = [await memberId(acme.vendorId, acme.ownerId), await memberId(acme.vendorId, second.userId)];
    const results = await Promise.allSettled([
      changeMemberRole(acme.ctx, { memberId: b, role: "ADMIN" }),
      changeMemberRole(second.ctx, { memberId: a, role: "ADMIN" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.vendorMember.count({ where: { vendorId: acme.vendorId, role: "OWNER" } })).toBe(1);
  });

  it("Admins manage Admins and Members but never Owners; Members manage nobody", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    const ownerMember = await memberId(acme.vendorId, acme.ownerId);
    const memberRow = await memberId(acme.vendorId, member.userId);
    await expect(changeMemberRole(admin.ctx, { memberId: ownerMember, role: "MEMBER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(admin.ctx, { memberId: ownerMember })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(admin.ctx, { memberId: memberRow, role: "OWNER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(member.ctx, { memberId: memberRow, role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(member.ctx, { memberId: await memberId(acme.vendorId, admin.userId) })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await expect(changeMemberRole(admin.ctx, { memberId: memberRow, role: "ADMIN" })).resolves.toMatchObject({ changed: true, to: "ADMIN" });
    expect(await roleOf(acme.vendorId, member.userId)).toBe("ADMIN");
    await removeMember(admin.ctx, { memberId: memberRow });
    expect(await roleOf(acme.vendorId, member.userId)).toBeNull();
    expect(await auditActions(acme.vendorId)).toEqual(["team.role_changed", "team.member_removed"]);
  });

  it("anyone may leave (remove their own row) unless they are the last Owner", async () => {
    const member = await addMember(acme.ctx, { role: "MEMBER" });
    await expect(removeMember(member.ctx, { memberId: await memberId(acme.vendorId, member.userId) })).resolves.toMatchObject({ self: true });
    expect(await roleOf(acme.vendorId, member.userId)).toBeNull();
  });

  it("transfer of ownership: the teammate becomes Owner and the Owner an Admin, in one step; Owners only", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN", name: "Ada Admin" });
    const adminRow = await memberId(acme.vendorId, admin.userId);
    await expect(transferOwnership(admin.ctx, { memberId: await memberId(acme.vendorId, acme.ownerId) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(transferOwnership(acme.ctx, { memberId: adminRow })).resolves.toEqual({ name: "Ada Admin" });
    expect(await roleOf(acme.vendorId, admin.userId)).toBe("OWNER");
    expect(await roleOf(acme.vendorId, acme.ownerId)).toBe("ADMIN");
    expect(await auditActions(acme.vendorId)).toEqual(["team.ownership_transferred"]);
  });

  it("a removed member's next request finds no membership of this vendor", async () => {
    const member = await addMember(acme.ctx, { role: "ADMIN" });
    expect((await currentMembership(member.userId))?.vendor.id).toBe(acme.vendorId);
    await removeMember(acme.ctx, { memberId: await memberId(acme.vendorId, member.userId) });
    expect(await currentMembership(member.userId)).toBeNull();
  });
});

describe("several programs: the user menu's switch", () => {
  it("a person acts for the program chosen last, not the oldest; the choice is theirs only", async () => {
    const first = await createVendor("First Co");
    const second = await createVendor("Second Co");
    const person = await addMember(first.ctx, { role: "ADMIN" });
    await db.vendorMember.create({ data: { vendorId: second.vendorId, userId: person.userId, role: "MEMBER" } });

    expect((await currentMembership(person.userId))?.vendor.name).toBe("First Co");
    expect((await listMemberships(person.userId)).map((m) => m.vendorName)).toEqual(["First Co", "Second Co"]);
    await switchVendor(person.userId, { vendorId: second.vendorId });
    expect(await currentMembership(person.userId)).toMatchObject({ role: "MEMBER", vendor: { name: "Second Co" } });
    await switchVendor(person.userId, { vendorId: first.vendorId });
    expect(await currentMembership(person.userId)).toMatchObject({ role: "ADMIN", vendor: { name: "First Co" } });

    // A program the person does not belong to cannot be chosen.
    const stranger = await createVendor("Stranger Co");
    await expect(switchVendor(person.userId, { vendorId: stranger.vendorId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Removed from the chosen program: they act for the other one.
    await switchVendor(person.userId, { vendorId: second.vendorId });
    await db.vendorMember.delete({ where: { vendorId_userId: { vendorId: second.vendorId, userId: person.userId } } });
    expect((await currentMembership(person.userId))?.vendor.name).toBe("First Co");
  });
});

describe("tenant isolation of team management", () => {
  it("an Admin of vendor A cannot touch vendor B's members or invites: 404, nothing changes", async () => {
    const a = await createVendor("Vendor A");
    const b = await createVendor("Vendor B");
    const adminA = await addMember(a.ctx, { role: "ADMIN" });
    const memberB = await addMember(b.ctx, { role: "MEMBER" });
    const memberBRow = await memberId(b.vendorId, memberB.userId);
    const { id: inviteB } = await inviteTeammate(b.ctx, { email: newAddress("b-invite"), role: "MEMBER" });

    for (const attempt of [
      () => changeMemberRole(adminA.ctx, { memberId: memberBRow, role: "ADMIN" }),
      () => removeMember(adminA.ctx, { memberId: memberBRow }),
      () => transferOwnership(a.ctx, { memberId: memberBRow }),
      () => resendTeamInvite(adminA.ctx, { teamInviteId: inviteB }),
      () => revokeTeamInvite(adminA.ctx, { teamInviteId: inviteB }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await roleOf(b.vendorId, memberB.userId)).toBe("MEMBER");
    expect((await db.teamInvite.findUniqueOrThrow({ where: { id: inviteB } })).status).toBe("PENDING");
    const teamA = await listTeam(a.ctx);
    expect(teamA.members.map((m) => m.userId)).not.toContain(memberB.userId);
    expect(teamA.invites).toEqual([]);
  });
});
