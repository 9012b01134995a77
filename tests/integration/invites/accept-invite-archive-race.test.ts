import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { createGroup, createInvite, createPartnerAccount, createVendor, type TestVendor } from "../../support/factories";

let vendor: TestVendor;

beforeAll(async () => {
  vendor = await createVendor("Acme Analytics");
});

describe("accepting an invite while its group is being archived", () => {
  it("never leaves an active partner in an archived group", async () => {
    const group = await createGroup(vendor.ctx, "Retiring tier");
    const partner = await createPartnerAccount();
    const { token } = await createInvite(vendor.ctx, { email: partner.email, groupId: group.id });

    // Archiving, step by step as archiveGroup runs it: lock the group, find it empty... (and the accept lands here)
    const archiving = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await archiving.connect();
    try {
      await archiving.query("BEGIN");
      await archiving.query("SELECT id FROM groups WHERE id = $1 FOR UPDATE", [group.id]);
      const { rows } = await archiving.query<{ n: string }>(
        "SELECT count(*) AS n FROM partnerships WHERE group_id = $1 AND status = 'ACTIVE'",
        [group.id],
      );
      expect(Number(rows[0]!.n)).toBe(0);

      const accepting = acceptInvite({ token, userId: partner.id });
      await new Promise((resolve) => setTimeout(resolve, 750));

      // ...then mark it archived and commit.
      await archiving.query("UPDATE groups SET archived_at = now() WHERE id = $1", [group.id]);
      await archiving.query("COMMIT");

      const result = await accepting;
      const partnership = await db.partnership.findUniqueOrThrow({
        where: { id: result.partnershipId },
        select: { status: true, group: { select: { id: true, archivedAt: true } } },
      });
      expect(partnership.status).toBe("ACTIVE");
      expect(partnership.group.archivedAt).toBeNull();
      expect(partnership.group.id).toBe(vendor.defaultGroup.id);
    } finally {
      await archiving.query("ROLLBACK").catch(() => {});
      await archiving.end();
    }
  });
});
