import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getJoinLink } from "@/lib/join/get-join-link";
import { joinGroupByLink } from "@/lib/join/join-group-by-link";
import { submitApplication } from "@/lib/join/submit-application";
import { listMyPrograms } from "@/lib/portal/list-my-programs";
import { listMyPendingApplications } from "@/lib/portal/list-my-applications";
import { addPartner, createGroup, createPartnerAccount, createVendor, SAMPLE_FORM, VALID_ANSWERS } from "../../support/factories";

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("join links", () => {
  it("an unknown, malformed or regenerated key resolves to nothing", async () => {
    expect(await getJoinLink("doesNotExist1234567890", null)).toBeNull();
    expect(await getJoinLink("../etc/passwd", null)).toBeNull();
    const err = await caught(joinGroupByLink(await createPartnerAccount(), "doesNotExist1234567890"));
    expect(err.code).toBe("NOT_FOUND");
  });

  it("shows vendor and group; a partner joins a group without a form at once, through createPartnership", async () => {
    const acme = await createVendor("Acme");
    const silver = await createGroup(acme.ctx, "Silver");
    const partner = await createPartnerAccount({ name: "Sam Silver Smith" });

    expect(await getJoinLink(silver.joinKey, null)).toEqual({
      vendor: { id: acme.vendorId, name: "Acme" },
      group: { id: silver.id, name: "Silver" },
      form: null,
      status: null,
    });
    expect((await getJoinLink(silver.joinKey, partner))?.status).toEqual({ kind: "eligible" });

    expect(await joinGroupByLink(partner, silver.joinKey)).toEqual({ result: "joined", vendorName: "Acme" });
    const partnership = await db.partnership.findFirstOrThrow({
      where: { vendorId: acme.vendorId, userId: partner.id },
      select: { groupId: true, status: true, joinSource: true, firstName: true, lastName: true, email: true, links: true },
    });
    expect(partnership).toMatchObject({
      groupId: silver.id,
      status: "ACTIVE",
      joinSource: "JOIN_LINK",
      firstName: "Sam",
      lastName: "Silver Smith",
      email: partner.email,
    });
    expect(partnership.links).toHaveLength(1);

    const programs = await listMyPrograms(partner.id);
    expect(programs.map((p) => [p.vendor.name, p.group.name])).toEqual([["Acme", "Silver"]]);

    // Opening the link again: already in the program, no second partnership.
    expect((await getJoinLink(silver.joinKey, partner))?.status).toEqual({ kind: "member", groupName: "Silver" });
    expect(await joinGroupByLink(partner, silver.joinKey)).toEqual({ result: "already_member", vendorName: "Acme" });
    const other = await createGroup(acme.ctx, "Other");
    expect(await joinGroupByLink(partner, other.joinKey)).toEqual({ result: "already_member", vendorName: "Acme" });
    expect(await db.partnership.count({ where: { vendorId: acme.vendorId, userId: partner.id } })).toBe(1);
  });

  it("concurrent joins by the same partner create one partnership", async () => {
    const acme = await createVendor("Acme");
    const silver = await createGroup(acme.ctx, "Silver");
    const partner = await createPartnerAccount();
    const results = await Promise.all(Array.from({ length: 5 }, () => joinGroupByLink(partner, silver.joinKey)));
    expect(results.filter((r) => r.result === "joined")).toHaveLength(1);
    expect(results.filter((r) => r.result === "already_member")).toHaveLength(4);
    expect(await db.partnership.count({ where: { vendorId: acme.vendorId, userId: partner.id } })).toBe(1);
    expect(await db.partnerLink.count({ where: { vendorId: acme.vendorId } })).toBe(1);
  });

  it("a removed partner cannot rejoin by join link and is told to ask for an invite", async () => {
    const acme = await createVendor("Acme");
    const silver = await createGroup(acme.ctx, "Silver");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const partner = await createPartnerAccount();
    const membership = await addPartner(acme.ctx, { groupId: silver.id, user: partner });
    await db.partnership.update({ where: { id: membership.id }, data: { status: "REMOVED", removedAt: new Date() } });

    expect((await getJoinLink(silver.joinKey, partner))?.status).toEqual({ kind: "removed" });
    const joinError = await caught(joinGroupByLink(partner, silver.joinKey));
    expect(joinError.code).toBe("FORBIDDEN");
    expect(joinError.userMessage).toMatch(/Ask Acme for an invite/);
    const applyError = await caught(submitApplication(partner, { joinKey: gold.joinKey, answers: VALID_ANSWERS }));
    expect(applyError.userMessage).toMatch(/Ask Acme for an invite/);
    expect(await db.partnership.count({ where: { vendorId: acme.vendorId, userId: partner.id, status: "ACTIVE" } })).toBe(0);
    expect(await db.application.count({ where: { vendorId: acme.vendorId } })).toBe(0);
    // Removed partnerships never show in the portal.
    expect(await listMyPrograms(partner.id)).toEqual([]);

    // The check is by email: a removal recorded under the same email (another account row) refuses too.
    const sameEmailElsewhere = await createPartnerAccount();
    await db.partnership.create({
      data: {
        vendorId: acme.vendorId,
        userId: partner.id,
        groupId: silver.id,
        joinSource: "IMPORT",
        partnerKey: "pk_import",
        email: sameEmailElsewhere.email,
        status: "REMOVED",
      },
    });
    expect((await getJoinLink(silver.joinKey, sameEmailElsewhere))?.status).toEqual({ kind: "removed" });

    // Another vendor's removal does not matter here.
    const beta = await createVendor("Beta");
    const betaGroup = await createGroup(beta.ctx, "Open");
    expect(await joinGroupByLink(partner, betaGroup.joinKey)).toMatchObject({ result: "joined" });
  });

  it("the vendor's own team sees a preview and is never joined by opening the link", async () => {
    const acme = await createVendor("Acme");
    const silver = await createGroup(acme.ctx, "Silver");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const owner = await db.user.findUniqueOrThrow({ where: { id: acme.ownerId }, select: { id: true, email: true, name: true } });
    expect((await getJoinLink(silver.joinKey, owner))?.status).toEqual({ kind: "vendor_member" });
    expect((await caught(joinGroupByLink(owner, silver.joinKey))).code).toBe("FORBIDDEN");
    expect((await caught(submitApplication(owner, { joinKey: gold.joinKey, answers: VALID_ANSWERS }))).code).toBe("FORBIDDEN");
    expect(await db.partnership.count({ where: { userId: owner.id } })).toBe(0);
    // Another vendor's member is just a partner there.
    const beta = await createVendor("Beta");
    const betaGroup = await createGroup(beta.ctx, "Open");
    expect(await joinGroupByLink(owner, betaGroup.joinKey)).toMatchObject({ result: "joined" });
  });

  it("archived groups' join links don't work", async () => {
    const acme = await createVendor("Acme");
    const silver = await createGroup(acme.ctx, "Silver");
    await db.group.update({ where: { id: silver.id }, data: { archivedAt: new Date() } });
    expect(await getJoinLink(silver.joinKey, null)).toBeNull();
    expect((await caught(joinGroupByLink(await createPartnerAccount(), silver.joinKey))).code).toBe("NOT_FOUND");
  });
});

describe("applications through a join link", () => {
  it("validates answers server-side against the stored form, naming each field", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const partner = await createPartnerAccount();
    expect((await getJoinLink(gold.joinKey, partner))?.form).toEqual(SAMPLE_FORM);

    const error = await caught(
      submitApplication(partner, {
        joinKey: gold.joinKey,
        answers: { website: "javascript:alert(1)", audience: "Millions", country: "Atlantis", injected: "x" },
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["audience", "country", "terms", "website"]);
    expect(error.fieldErrors?.terms).toEqual(["Tick this box to continue."]);

    const missing = await caught(submitApplication(partner, { joinKey: gold.joinKey, answers: { terms: "on" } }));
    expect(missing.fieldErrors?.website).toEqual(["This question needs an answer."]);
    expect(missing.fieldErrors?.audience).toEqual(["Choose an answer."]);
    expect(await db.application.count({ where: { userId: partner.id } })).toBe(0);

    // Unknown keys are dropped, optional blanks are left out.
    const ok = await submitApplication(partner, {
      joinKey: gold.joinKey,
      answers: { website: "https://me.example", audience: "Over 10k", about: "   ", terms: "on", injected: "x" },
    });
    expect(ok.result).toBe("submitted");
    const stored = await db.application.findFirstOrThrow({ where: { userId: partner.id } });
    expect(stored).toMatchObject({ status: "PENDING", groupId: gold.id, vendorId: acme.vendorId });
    expect(stored.answers).toEqual({ website: "https://me.example", audience: "Over 10k", terms: true });
  });

  it("a pending applicant sees their status; a second submit returns the same application", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const partner = await createPartnerAccount();
    const first = await submitApplication(partner, { joinKey: gold.joinKey, answers: VALID_ANSWERS });
    expect(first.result).toBe("submitted");
    expect((await getJoinLink(gold.joinKey, partner))?.status).toMatchObject({ kind: "pending", groupName: "Gold" });
    const again = await submitApplication(partner, { joinKey: gold.joinKey, answers: VALID_ANSWERS });
    expect(again).toEqual({ result: "already_pending", applicationId: (first as { applicationId: string }).applicationId });
    const pending = await listMyPendingApplications(partner.id);
    expect(pending.map((a) => [a.vendor.name, a.group.name])).toEqual([["Acme", "Gold"]]);
    // An open group of the same vendor does not bypass the pending application.
    const silver = await createGroup(acme.ctx, "Silver");
    expect((await caught(joinGroupByLink(partner, silver.joinKey))).userMessage).toMatch(/still being reviewed/);
  });

  it("concurrent double submits create one application", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const partner = await createPartnerAccount();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => submitApplication(partner, { joinKey: gold.joinKey, answers: VALID_ANSWERS })),
    );
    expect(await db.application.count({ where: { userId: partner.id } })).toBe(1);
    const ids = new Set(results.map((r) => ("applicationId" in r ? r.applicationId : null)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.result === "submitted")).toHaveLength(1);
  });

  it("an active partner applying again is told they are already in", async () => {
    const acme = await createVendor("Acme");
    const gold = await createGroup(acme.ctx, "Gold", { form: SAMPLE_FORM });
    const partner = await createPartnerAccount();
    await addPartner(acme.ctx, { groupId: acme.defaultGroup.id, user: partner });
    expect(await submitApplication(partner, { joinKey: gold.joinKey, answers: VALID_ANSWERS })).toEqual({ result: "already_member" });
    expect(await db.application.count({ where: { userId: partner.id } })).toBe(0);
  });
});
