import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import { movePartners } from "@/lib/partnerships/move-partners";
import { removePartners } from "@/lib/partnerships/remove-partners";
import { addMember, addPartner, createAccount, createGroup, createManyPartners, createVendor, type TestGroup, type TestVendor } from "../../support/factories";
import { expectCountersExact, holdRowLock, settle } from "./helpers";

/**
 * partnerships.group_id and removed_by_id are checked by statement-level triggers instead of foreign
 * keys (migration bulk_action_hot_updates): the same guarantees, once per statement.
 */

let acme: TestVendor;
let globex: TestVendor;
let gold: TestGroup;

beforeAll(async () => {
  acme = await createVendor("Acme");
  globex = await createVendor("Globex");
  gold = await createGroup(acme.ctx, "Gold");
});

/** A foreign-key violation (23503) from a raw statement; Prisma's own calls answer P2003 for it. */
const refused = /Code: `23503`/;
const refusedByPrisma = { code: "P2003" };

describe("a partnership's group", () => {
  it("must be an existing group of the same vendor, on insert and on update, one row or many", async () => {
    const user = await createAccount();
    const insert = (groupId: string) =>
      db.$executeRaw`INSERT INTO partnerships (vendor_id, user_id, group_id, join_source, partner_key, email)
                     VALUES (${acme.vendorId}::uuid, ${user.id}::uuid, ${groupId}::uuid, 'API', 'pk_refs_test', ${user.email})`;
    await expect(insert("00000000-0000-4000-8000-000000000000")).rejects.toThrow(refused);
    await expect(insert(globex.defaultGroup.id)).rejects.toThrow(/is not a group of the partnership's vendor/);

    const partner = await addPartner(acme.ctx);
    await expect(db.partnership.update({ where: { id: partner.id }, data: { groupId: globex.defaultGroup.id } })).rejects.toMatchObject(refusedByPrisma);
    const { emailDomain } = await createManyPartners(acme.ctx, 5);
    await expect(
      db.$executeRaw`UPDATE partnerships SET group_id = ${globex.defaultGroup.id}::uuid WHERE email LIKE ${`%@${emailDomain}`}`,
    ).rejects.toThrow(refused);
    await expect(
      db.$executeRaw`UPDATE partnerships SET group_id = gen_random_uuid() WHERE vendor_id = ${acme.vendorId}::uuid`,
    ).rejects.toThrow(refused);

    // Nothing changed, and the lists and counters never saw the refused statements.
    expect((await db.partnership.findUniqueOrThrow({ where: { id: partner.id } })).groupId).toBe(acme.defaultGroup.id);
    await expectCountersExact(acme.vendorId);
  });

  it("cannot be deleted while partnerships are in it, removed ones included; with its vendor it goes", async () => {
    const doomed = await createGroup(acme.ctx, "Short-lived");
    const partner = await addPartner(acme.ctx, { groupId: doomed.id });
    await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] } });
    await expect(db.group.delete({ where: { id: doomed.id } })).rejects.toMatchObject(refusedByPrisma);

    const empty = await createGroup(acme.ctx, "Empty");
    await db.group.delete({ where: { id: empty.id } });

    const leaving = await createVendor("Leaving Co");
    const moved = await addPartner(leaving.ctx);
    await db.vendor.delete({ where: { id: leaving.vendorId } });
    expect(await db.partnership.count({ where: { id: moved.id } })).toBe(0);
    expect(await db.activePartnership.count({ where: { vendorId: leaving.vendorId } })).toBe(0);
    expect(await db.activePartnershipGroup.count({ where: { groupId: leaving.defaultGroup.id } })).toBe(0);
  });

  it("a move into a group and its deletion at the same time: one waits for the other, and no partner is left in a deleted group", async () => {
    const target = await createGroup(acme.ctx, "Contested");
    const partner = await addPartner(acme.ctx);
    // The deletion is queued behind a transaction holding the group row (as a move holds it), then
    // the move runs: after the move commits, the deletion finds a partnership in the group.
    const blocker = await holdRowLock("SELECT id FROM groups WHERE id = $1 FOR SHARE", [target.id]);
    const deletion = settle(db.group.delete({ where: { id: target.id } }));
    await blocker.waitForWaiters(1);
    const move = await movePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] }, toGroupKey: target.key });
    await blocker.release();
    expect(move.moved).toBe(1);
    const deleted = await deletion;
    expect(deleted.ok).toBe(false);
    expect(!deleted.ok && deleted.error).toMatchObject(refusedByPrisma);
    expect((await db.partnership.findUniqueOrThrow({ where: { id: partner.id } })).groupId).toBe(target.id);
  });
});

describe("who removed a partnership", () => {
  it("must be an existing user; deleting that user keeps the removal and forgets who", async () => {
    const admin = await addMember(acme.ctx, { role: "ADMIN" });
    const partner = await addPartner(acme.ctx);
    await removePartners(admin.ctx, { selection: { kind: "keys", keys: [partner.key] } });
    expect((await db.partnership.findUniqueOrThrow({ where: { id: partner.id } })).removedById).toBe(admin.userId);

    await expect(
      db.$executeRaw`UPDATE partnerships SET removed_by_id = gen_random_uuid() WHERE id = ${partner.id}::uuid`,
    ).rejects.toThrow(refused);

    await db.user.delete({ where: { id: admin.userId } });
    expect(await db.partnership.findUniqueOrThrow({ where: { id: partner.id } })).toMatchObject({ status: "REMOVED", removedById: null });
  });
});

describe("one active partnership per vendor and person", () => {
  it("is refused with the rule's name, by a single insert and by a bulk one", async () => {
    const partner = await addPartner(acme.ctx, { groupId: gold.id });
    const user = await db.user.findUniqueOrThrow({ where: { id: partner.userId } });
    await expect(
      db.$transaction((tx) =>
        createPartnership({ vendorId: acme.vendorId, actorId: user.id }, { userId: user.id, groupId: acme.defaultGroup.id, joinSource: "JOIN_LINK", email: user.email }, tx),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      db.$executeRaw`INSERT INTO partnerships (vendor_id, user_id, group_id, join_source, partner_key, email)
                     VALUES (${acme.vendorId}::uuid, ${user.id}::uuid, ${gold.id}::uuid, 'API', 'pk_dup_1', ${user.email}),
                            (${globex.vendorId}::uuid, ${user.id}::uuid, ${globex.defaultGroup.id}::uuid, 'API', 'pk_dup_2', ${user.email})`,
    ).rejects.toThrow(/partnerships_one_active_per_vendor/);

    // Once removed, the person can hold a new active partnership with the vendor.
    await removePartners(acme.ctx, { selection: { kind: "keys", keys: [partner.key] } });
    await db.$transaction((tx) =>
      createPartnership({ vendorId: acme.vendorId, actorId: user.id }, { userId: user.id, groupId: acme.defaultGroup.id, joinSource: "INVITE", email: user.email }, tx),
    );
    await expectCountersExact(acme.vendorId);
  });
});

describe("the active lists (active_partnerships, active_partnership_groups)", () => {
  it("follow every kind of change to partnerships, set-based or row by row", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 30, { groupIds: [acme.defaultGroup.id, gold.id] });
    const like = `%@${emailDomain}`;
    // A join date and source changed after the fact, on one row and on many.
    const one = await db.partnership.findFirstOrThrow({ where: { email: { endsWith: `@${emailDomain}` } } });
    await db.partnership.update({ where: { id: one.id }, data: { joinedAt: new Date("2020-02-02T00:00:00Z"), joinSource: "API" } });
    await db.$executeRaw`UPDATE partnerships SET joined_at = joined_at - interval '1 day', join_source = 'IMPORT' WHERE email LIKE ${like}`;
    await expectCountersExact(acme.vendorId);
    // Columns the lists do not hold, then a removal and a return to ACTIVE outside the app's paths.
    await db.$executeRaw`UPDATE partnerships SET tags = ARRAY['x'] WHERE email LIKE ${like}`;
    await db.$executeRaw`UPDATE partnerships SET status = 'REMOVED', removed_at = now() WHERE email LIKE ${like} AND group_id = ${gold.id}::uuid`;
    await expectCountersExact(acme.vendorId);
    await db.$executeRaw`UPDATE partnerships SET status = 'ACTIVE', removed_at = NULL, group_id = ${acme.defaultGroup.id}::uuid WHERE email LIKE ${like}`;
    await expectCountersExact(acme.vendorId);
    // Deleted outright.
    await db.$executeRaw`DELETE FROM partnerships WHERE email LIKE ${like} AND joined_at < '2021-01-01'`;
    await expectCountersExact(acme.vendorId);
  });

  it("keep a partnership's vendor and person fixed", async () => {
    const partner = await addPartner(acme.ctx);
    const other = await createAccount();
    await expect(db.$executeRaw`UPDATE partnerships SET user_id = ${other.id}::uuid WHERE id = ${partner.id}::uuid`).rejects.toThrow(
      /vendor and person never change/,
    );
    await expect(db.$executeRaw`UPDATE partnerships SET vendor_id = ${globex.vendorId}::uuid WHERE id = ${partner.id}::uuid`).rejects.toThrow(
      /vendor and person never change/,
    );
  });

  it("plan each statement for its own size: a large update after a one-row update on the same connection", async () => {
    const { emailDomain } = await createManyPartners(acme.ctx, 3_000);
    const like = `%@${emailDomain}`;
    const first = await db.partnership.findFirstOrThrow({ where: { email: { endsWith: `@${emailDomain}` } } });
    const started = Date.now();
    await db.$transaction(async (tx) => {
      // One row first, then every row, in one session: a plan kept from the first statement would
      // join 3,000 by 3,000 rows row by row in the second.
      await tx.$executeRaw`UPDATE partnerships SET group_id = ${gold.id}::uuid WHERE id = ${first.id}::uuid`;
      await tx.$executeRaw`UPDATE partnerships SET group_id = ${gold.id}::uuid WHERE email LIKE ${like}`;
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    await expectCountersExact(acme.vendorId);
    // Most of the vendor's partners at once: the lists drop them in one walk instead of row by row.
    await db.$executeRaw`UPDATE partnerships SET status = 'REMOVED', removed_at = now() WHERE id <> ${first.id}::uuid AND email LIKE ${like}`;
    await expectCountersExact(acme.vendorId);
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM partnerships WHERE id = ${first.id}::uuid`;
      await tx.$executeRaw`DELETE FROM partnerships WHERE email LIKE ${like}`;
    });
    await expectCountersExact(acme.vendorId);
  });
});
