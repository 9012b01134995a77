import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { movePartners } from "@/lib/partnerships/move-partners";
import { removePartner, removePartners } from "@/lib/partnerships/remove-partners";
import { addPartner, createAccount, createGroup, createInvite, createManyPartners, createVendor, newAddress, type TestGroup, type TestVendor } from "../../support/factories";
import { auditListings } from "../../support/audit-rows";
import { expectCountersExact, holdRowLock, settle } from "./helpers";

let acme: TestVendor;
let gold: TestGroup;

beforeAll(async () => {
  acme = await createVendor("Acme");
  gold = await createGroup(acme.ctx, "Gold");
});

/** The partnerships at a test domain, lowest id first (the order bulk actions lock them in). */
async function partnersAt(emailDomain: string) {
  const partners = await db.partnership.findMany({
    where: { vendorId: acme.vendorId, email: { endsWith: `@${emailDomain}` } },
    orderBy: { id: "asc" },
    select: { id: true, key: true, status: true, groupId: true },
  });
  const listings = await auditListings(partners.map((p) => p.id));
  return partners.map((p) => ({ ...p, auditRows: listings.filter((l) => l.partnershipId === p.id) }));
}

const LOCK_PARTNERSHIP = "SELECT id FROM partnerships WHERE id = $1 FOR NO KEY UPDATE";

describe("a move and a delete on overlapping selections at the same moment", () => {
  it("queue on the partners' row locks and leave every partner in one consistent state", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 40);
    const all = await partnersAt(emailDomain);
    const doomed = all.filter((_, i) => i % 2 === 0); // includes the lowest id, which both lock first
    const blocker = await holdRowLock(LOCK_PARTNERSHIP, [all[0]!.id]);

    const move = settle(movePartners(acme.ctx, { selection: { kind: "keys", keys: all.map((p) => p.key) }, toGroupKey: gold.key }));
    const remove = settle(removePartners(acme.ctx, { selection: { kind: "keys", keys: doomed.map((p) => p.key) }, deactivateLinks: true }));
    await blocker.waitForWaiters(2);
    await blocker.release();
    const [moved, removed] = await Promise.all([move, remove]);

    // Neither failed (no deadlock): they ran one after the other.
    expect(moved.ok && removed.ok).toBe(true);
    if (!moved.ok || !removed.ok) return;
    expect(removed.value.removed).toBe(20);
    const moveFirst = moved.value.moved === 40;
    expect(moved.value.moved).toBe(moveFirst ? 40 : 20);

    const after = await partnersAt(emailDomain);
    const doomedIds = new Set(doomed.map((p) => p.id));
    for (const partner of after) {
      const removals = partner.auditRows.filter((r) => r.action === "partners.removed");
      const moves = partner.auditRows.filter((r) => r.action === "partners.moved");
      if (doomedIds.has(partner.id)) {
        expect(partner.status).toBe("REMOVED");
        expect(removals).toHaveLength(1);
        // Removed from the group it was in at that moment, which the history agrees with.
        expect(moves).toHaveLength(moveFirst ? 1 : 0);
        expect(removals[0]!.fromGroupId).toBe(moveFirst ? gold.id : acme.defaultGroup.id);
        expect(partner.groupId).toBe(moveFirst ? gold.id : acme.defaultGroup.id);
      } else {
        expect(partner.status).toBe("ACTIVE");
        expect(partner.groupId).toBe(gold.id);
        expect(removals).toHaveLength(0);
        expect(moves).toHaveLength(1);
      }
    }
    await expectCountersExact(acme.vendorId);
  });

  it("with 'all N matching' on both sides, each applies whole or not at all", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 30);
    const all = await partnersAt(emailDomain);
    const blocker = await holdRowLock(LOCK_PARTNERSHIP, [all[0]!.id]);

    const remove = settle(removePartners(acme.ctx, { selection: { kind: "filter", filter: { q: emailDomain }, expectedCount: 30 } }));
    const move = settle(
      movePartners(acme.ctx, { selection: { kind: "filter", filter: { q: emailDomain, group: acme.defaultGroup.key }, expectedCount: 30 }, toGroupKey: gold.key }),
    );
    await blocker.waitForWaiters(2);
    await blocker.release();
    const [removed, moved] = await Promise.all([remove, move]);

    expect(removed.ok).toBe(true);
    const after = await partnersAt(emailDomain);
    expect(after.every((p) => p.status === "REMOVED")).toBe(true);
    if (moved.ok) {
      // The move ran first: all 30 moved, then all 30 were removed from Gold.
      expect(moved.value.moved).toBe(30);
      expect(after.every((p) => p.groupId === gold.id)).toBe(true);
    } else {
      // The delete ran first: the move's filter then matched 0, not 30, so it changed nothing.
      expect(moved.error).toBeInstanceOf(AppError);
      expect(moved.error).toMatchObject({ code: "CONFLICT", details: { count: 0 } });
      expect(after.every((p) => p.groupId === acme.defaultGroup.id)).toBe(true);
      expect(after.every((p) => p.auditRows.every((r) => r.action !== "partners.moved"))).toBe(true);
    }
    await expectCountersExact(acme.vendorId);
  });
});

describe("two deletes of the same partners at the same moment", () => {
  it("write one removal per partner between them", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 25);
    const all = await partnersAt(emailDomain);
    const keys = all.map((p) => p.key);
    const blocker = await holdRowLock(LOCK_PARTNERSHIP, [all[0]!.id]);

    const first = settle(removePartners(acme.ctx, { selection: { kind: "keys", keys } }));
    const second = settle(removePartners(acme.ctx, { selection: { kind: "keys", keys }, deactivateLinks: true }));
    await blocker.waitForWaiters(2);
    await blocker.release();
    const results = await Promise.all([first, second]);

    expect(results.every((r) => r.ok)).toBe(true);
    const counts = results.map((r) => (r.ok ? r.value.removed : -1)).sort((a, b) => a - b);
    expect(counts).toEqual([0, 25]);
    const after = await partnersAt(emailDomain);
    for (const partner of after) {
      expect(partner.status).toBe("REMOVED");
      expect(partner.auditRows.filter((r) => r.action === "partners.removed")).toHaveLength(1);
    }
    expect(await db.auditEvent.count({ where: { vendorId: acme.vendorId, action: "partners.removed", data: { path: ["keys"], equals: 25 } } })).toBe(1);
    await expectCountersExact(acme.vendorId);
  });
});

describe("a delete racing an invite acceptance for the same partner", () => {
  /** An active partner who also holds a pending invite to the same vendor (sent before they joined by link). */
  async function invitedPartner() {
    const email = newAddress();
    const invite = await createInvite(acme.ctx, { email });
    const account = await createAccount({ email, name: "Rae Racing" });
    const partner = await addPartner(acme.ctx, { user: account });
    return { invite, account, partner };
  }

  async function expectConsistent(setup: Awaited<ReturnType<typeof invitedPartner>>) {
    const partnerships = await db.partnership.findMany({ where: { vendorId: acme.vendorId, userId: setup.account.id }, select: { id: true, status: true } });
    // The delete always wins over the old partnership, and the acceptance never adds a second one.
    expect(partnerships).toEqual([{ id: setup.partner.id, status: "REMOVED" }]);
    await expectCountersExact(acme.vendorId);
    return db.invite.findUniqueOrThrow({ where: { id: setup.invite.id }, select: { status: true, partnershipId: true } });
  }

  it("acceptance first: it finds the partner still active and uses up the invite; the delete then removes the partner", async () => {
    const setup = await invitedPartner();
    const blocker = await holdRowLock(LOCK_PARTNERSHIP, [setup.partner.id]);
    const remove = settle(removePartner(acme.ctx, { key: setup.partner.key }));
    await blocker.waitForWaiters(1);
    const accepted = await acceptInvite({ token: setup.invite.token!, userId: setup.account.id });
    await blocker.release();
    const removed = await remove;

    expect(accepted.alreadyPartner).toBe(true);
    expect(removed.ok && removed.value).toMatchObject({ removed: 1, invitesRevoked: 0 });
    expect(await expectConsistent(setup)).toEqual({ status: "ACCEPTED", partnershipId: setup.partner.id });
  });

  it("delete first: it revokes the pending invite, and the acceptance waiting on it is told the invite is no longer valid", async () => {
    const setup = await invitedPartner();
    const blocker = await holdRowLock("SELECT id FROM invites WHERE id = $1 FOR NO KEY UPDATE", [setup.invite.id]);
    const remove = settle(removePartner(acme.ctx, { key: setup.partner.key }));
    await blocker.waitForWaiters(1); // the delete holds the partnership and waits for the invite
    const accept = settle(acceptInvite({ token: setup.invite.token!, userId: setup.account.id }));
    await blocker.waitForWaiters(2);
    await blocker.release();
    const [removed, accepted] = await Promise.all([remove, accept]);

    expect(removed.ok && removed.value).toMatchObject({ removed: 1, invitesRevoked: 1 });
    expect(accepted.ok).toBe(false);
    expect(!accepted.ok && accepted.error).toMatchObject({ code: "GONE" });
    expect(await expectConsistent(setup)).toEqual({ status: "REVOKED", partnershipId: null });
  });

  it("both at once, unforced: whichever wins, the end state is one of the two above", async () => {
    const setup = await invitedPartner();
    const [removed, accepted] = await Promise.all([
      settle(removePartner(acme.ctx, { key: setup.partner.key })),
      settle(acceptInvite({ token: setup.invite.token!, userId: setup.account.id })),
    ]);

    expect(removed.ok).toBe(true);
    const invite = await expectConsistent(setup);
    if (accepted.ok) expect(invite).toEqual({ status: "ACCEPTED", partnershipId: setup.partner.id });
    else expect(invite).toEqual({ status: "REVOKED", partnershipId: null });
  });
});
