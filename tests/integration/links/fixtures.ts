import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { newJoinKey } from "@/lib/groups/join-key";
import { createPartnership } from "@/lib/partnerships/create-partnership";

/** Rows for the link tests, created the way the app creates them (createPartnership makes the link). */

const suffix = () => randomBytes(4).toString("hex");

export async function createVendor(name: string, website = `https://${name.toLowerCase()}.example`) {
  const owner = await db.user.create({ data: { email: `owner-${suffix()}@${name.toLowerCase()}.example`, name: `${name} Owner` }, select: { id: true } });
  const vendor = await db.vendor.create({ data: { name, website }, select: { id: true } });
  await db.vendorMember.create({ data: { vendorId: vendor.id, userId: owner.id, role: "OWNER" } });
  const defaultGroup = await db.group.create({
    data: { vendorId: vendor.id, name: "Default", isDefault: true, joinKey: newJoinKey() },
    select: { id: true, name: true },
  });
  return { vendorId: vendor.id, ownerId: owner.id, name, defaultGroup };
}

export async function createGroup(vendorId: string, name: string, destinationUrl: string | null = null) {
  return db.group.create({ data: { vendorId, name, joinKey: newJoinKey(), destinationUrl }, select: { id: true, name: true } });
}

/** A partner in the vendor's group; returns the partnership with its one referral link. */
export async function addPartner(vendorId: string, groupId: string, name = "Pat Partner") {
  const user = await db.user.create({ data: { email: `partner-${suffix()}@example.com`, name }, select: { id: true, email: true } });
  const { id, key } = await db.$transaction((tx) =>
    createPartnership({ vendorId: vendorId, actorId: user.id }, { userId: user.id, groupId, joinSource: "JOIN_LINK", email: user.email,}, tx),
  );
  const partnership = await db.partnership.findUniqueOrThrow({
    where: { id },
    select: { partnerKey: true, links: { select: { id: true, code: true } } },
  });
  return { id, key, userId: user.id, partnerKey: partnership.partnerKey, link: partnership.links[0]! };
}

export function visitRequest(code: string, headers: Record<string, string> = {}, method = "GET"): Request {
  return new Request(`http://localhost:3000/r/${code}`, {
    method,
    headers: {
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
      "x-forwarded-for": "203.0.113.7",
      ...headers,
    },
  });
}

export async function clickCount(linkId: string): Promise<{ clicks: number; daily: number }> {
  const [clicks, daily] = await Promise.all([
    db.linkClick.count({ where: { linkId } }),
    db.linkClickDaily.aggregate({ where: { linkId }, _sum: { count: true } }),
  ]);
  return { clicks, daily: daily._sum.count ?? 0 };
}
