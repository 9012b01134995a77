import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createInvites } from "@/lib/invites/create-invites";
import { listMyPrograms } from "@/lib/portal/list-my-programs";
import { listMyPendingInvites } from "@/lib/portal/list-my-invites";
import { addPartner, createGroup, createPartnerAccount, createVendor } from "../../support/factories";

describe("partner portal", () => {
  it("shows active programs only: a removed partnership disappears", async () => {
    const acme = await createVendor("Acme");
    const globex = await createVendor("Globex");
    const partner = await createPartnerAccount();
    await addPartner(acme.ctx, { groupId: acme.defaultGroup.id, user: partner });
    const removed = await addPartner(globex.ctx, { groupId: globex.defaultGroup.id, user: partner });
    expect((await listMyPrograms(partner.id)).map((p) => p.vendor.name).sort()).toEqual(["Acme", "Globex"]);

    await db.partnership.update({ where: { id: removed.id }, data: { status: "REMOVED", removedAt: new Date() } });
    expect((await listMyPrograms(partner.id)).map((p) => p.vendor.name)).toEqual(["Acme"]);
  });

  it("lists invites sent to the partner's email that can still be accepted", async () => {
    const acme = await createVendor("Acme Invites");
    const gold = await createGroup(acme.ctx, "Gold");
    const partner = await createPartnerAccount();
    await createInvites(acme.ctx, { emails: [partner.email], groupId: gold.id, source: "INVITE", send: true });

    const other = await createVendor("Expired Co");
    await createInvites(other.ctx, { emails: [partner.email], groupId: other.defaultGroup.id, source: "INVITE", send: true });
    await db.invite.updateMany({ where: { vendorId: other.vendorId }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const notSent = await createVendor("Not Sent Co");
    await createInvites(notSent.ctx, { emails: [partner.email], groupId: notSent.defaultGroup.id, source: "IMPORT", send: false });

    const invites = await listMyPendingInvites(partner);
    expect(invites.map((i) => [i.vendor.name, i.group.name])).toEqual([["Acme Invites", "Gold"]]);
  });
});
