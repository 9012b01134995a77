import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addPartner, createGroup, createManyPartners, createVendor, inviteEmailCount, invitePartners, newAddress, type TestVendor } from "../../support/factories";
import { call, newKey } from "./api-client";

describe("POST /api/v2/partnerships", () => {
  let acme: TestVendor;
  let key: string;
  beforeAll(async () => {
    acme = await createVendor("Acme API");
    key = await newKey(acme.ctx);
  });

  it("creates an invite in the default group, emails it, and answers the partnership with its key", async () => {
    const email = newAddress("api");
    const answer = await call("POST", "/api/v2/partnerships", {
      key,
      body: { email: email.toUpperCase(), first_name: "Ada", last_name: "Lovelace", partner_key: `pk-${email}`, tags: ["vip", "vip", "eu"] },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      status: 200,
      data: {
        email,
        first_name: "Ada",
        last_name: "Lovelace",
        partner_key: `pk-${email}`,
        tags: ["vip", "eu"],
        status: "invited",
        group: { key: acme.defaultGroup.key, name: acme.defaultGroup.name },
      },
    });
    expect(answer.json.data.key).toMatch(/^part_/);
    expect(typeof answer.json.data.created_at).toBe("number");
    const invite = await db.invite.findFirstOrThrow({ where: { vendorId: acme.vendorId, email } });
    expect(invite).toMatchObject({ partnershipKey: answer.json.data.key, source: "API", tags: ["vip", "eu"], status: "PENDING" });
    expect(await inviteEmailCount(email)).toBe(1);
    const event = await db.auditEvent.findFirstOrThrow({ where: { vendorId: acme.vendorId, action: "invites.sent" }, orderBy: { createdAt: "desc" } });
    expect(event).toMatchObject({ actorId: null, actorLabel: "API key Test key" });
  });

  it("the same email again (invited, or an active partner) is a 409 with the existing key, and sends nothing", async () => {
    const email = newAddress("again");
    const first = await call("POST", "/api/v2/partnerships", { key, body: { email } });
    const second = await call("POST", "/api/v2/partnerships", { key, body: { email } });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ status: 409, key: first.json.data.key });
    expect(await inviteEmailCount(email)).toBe(1);

    const partner = await addPartner(acme.ctx, { name: "Active One" });
    const active = await call("POST", "/api/v2/partnerships", { key, body: { email: partner.email } });
    expect(active.status).toBe(409);
    expect(active.json.key).toBe(partner.key);
    expect(await inviteEmailCount(partner.email)).toBe(0);
  });

  it("a removed partner gets a new invite", async () => {
    const partner = await addPartner(acme.ctx, { name: "Returning" });
    expect((await call("DELETE", `/api/v2/partnerships/${partner.key}`, { key })).status).toBe(200);
    const again = await call("POST", "/api/v2/partnerships", { key, body: { email: partner.email } });
    expect(again.status).toBe(200);
    expect(again.json.data).toMatchObject({ status: "invited", email: partner.email });
    expect(again.json.data.key).not.toBe(partner.key);
  });

  it("concurrent identical calls create one invite and one email", async () => {
    const email = newAddress("race");
    const answers = await Promise.all(Array.from({ length: 6 }, () => call("POST", "/api/v2/partnerships", { key, body: { email } })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const created = answers.find((a) => a.status === 200)!.json.data.key;
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.json.key).toBe(created);
    expect(await db.invite.count({ where: { vendorId: acme.vendorId, email } })).toBe(1);
    expect(await inviteEmailCount(email)).toBe(1);
  });

  it("group_key picks the group; another vendor's group key is a 404 naming the field", async () => {
    const gold = await createGroup(acme.ctx, "Gold API");
    const ok = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress(), group_key: gold.key } });
    expect(ok.json.data.group).toEqual({ key: gold.key, name: "Gold API" });
    const other = await createVendor("Other Co");
    const refused = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress(), group_key: other.defaultGroup.key } });
    expect(refused.status).toBe(404);
    expect(refused.json.errors).toEqual([{ field: "group_key", message: "No active group with this key." }]);
  });

  it("400 names each invalid or unknown field; limits are PartnerStack's", async () => {
    const bad = await call("POST", "/api/v2/partnerships", {
      key,
      body: { email: "not-an-email", first_name: "x".repeat(51), tags: "vip", extra: 1 },
    });
    expect(bad.status).toBe(400);
    const fields = bad.json.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["email", "extra", "first_name", "tags"]);
    expect(bad.json.errors.find((e: { field: string }) => e.field === "extra").message).toBe("Unknown field.");
    const missing = await call("POST", "/api/v2/partnerships", { key, body: {} });
    expect(missing.json.errors).toEqual([{ field: "email", message: expect.any(String) }]);
  });

  it("an address of 255 characters passes the field's limit but no address has that many: 400 naming email, nothing written", async () => {
    const local = `long${Date.now()}`;
    const email = `${local}@${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(63)}.${"g".repeat(255 - local.length - 1 - 3 * 64 - 4)}.com`;
    expect(email).toHaveLength(255);
    for (const body of [{ email }, { email, partner_key: `pk-${local}` }]) {
      const answer = await call("POST", "/api/v2/partnerships", { key, body });
      expect(answer.status).toBe(400);
      expect(answer.json.errors).toEqual([{ field: "email", message: "Email addresses are at most 254 characters." }]);
    }
    expect(await db.invite.count({ where: { vendorId: acme.vendorId, email } })).toBe(0);
    expect(await inviteEmailCount(email)).toBe(0);
  });

  it("a partner_key already in use is a 409 naming the field", async () => {
    const partner = await addPartner(acme.ctx, { name: "Keyed" });
    const row = await db.partnership.findUniqueOrThrow({ where: { id: partner.id }, select: { partnerKey: true } });
    const answer = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress(), partner_key: row.partnerKey } });
    expect(answer.status).toBe(409);
    expect(answer.json.errors[0].field).toBe("partner_key");
  });

  it("an owner who has not verified their address cannot send invites: 403 saying so", async () => {
    const unverified = await createVendor("Unverified Co", { verified: false });
    const answer = await call("POST", "/api/v2/partnerships", { key: await newKey(unverified.ctx), body: { email: newAddress() } });
    expect(answer.status).toBe(403);
    expect(answer.json.message).toMatch(/Verify your email address to send invites/);
  });
});

describe("GET, PATCH, DELETE /api/v2/partnerships/<key>", () => {
  let acme: TestVendor;
  let other: TestVendor;
  let key: string;
  let otherKey: string;
  beforeAll(async () => {
    acme = await createVendor("Acme One");
    other = await createVendor("Rival");
    key = await newKey(acme.ctx);
    otherKey = await newKey(other.ctx);
  });

  it("GET answers an active partner and an invite; another vendor's key answers 404 on every endpoint", async () => {
    const partner = await addPartner(acme.ctx, { name: "Grace Hopper" });
    const got = await call("GET", `/api/v2/partnerships/${partner.key}`, { key });
    expect(got.status).toBe(200);
    expect(got.json.data).toMatchObject({ key: partner.key, email: partner.email, status: "active", archived_at: null });

    const invited = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress() } });
    const inviteKey = invited.json.data.key;
    expect((await call("GET", `/api/v2/partnerships/${inviteKey}`, { key })).json.data.status).toBe("invited");

    const gold = await createGroup(other.ctx, "Rival Gold");
    for (const target of [partner.key, inviteKey]) {
      expect((await call("GET", `/api/v2/partnerships/${target}`, { key: otherKey })).status).toBe(404);
      expect((await call("PATCH", `/api/v2/partnerships/${target}`, { key: otherKey, body: { group_key: gold.key } })).status).toBe(404);
      expect((await call("DELETE", `/api/v2/partnerships/${target}`, { key: otherKey })).status).toBe(404);
      expect((await call("POST", `/api/v2/invites/${target}/resend`, { key: otherKey })).status).toBe(404);
      const listed = await call("GET", `/api/v2/partnerships?email=${encodeURIComponent(partner.email)}`, { key: otherKey });
      expect(listed.json.data.items).toEqual([]);
      expect((await call("GET", `/api/v2/partnerships?starting_after=${target}`, { key: otherKey })).status).toBe(400);
    }
    const rivalInvites = await call("GET", "/api/v2/invites", { key: otherKey });
    expect(rivalInvites.json.data.items.map((i: { key: string }) => i.key)).not.toContain(inviteKey);
    const rivalGroups = await call("GET", "/api/v2/groups", { key: otherKey });
    expect(rivalGroups.json.data.items.map((g: { key: string }) => g.key)).not.toContain(acme.defaultGroup.key);
    expect((await db.partnership.findUniqueOrThrow({ where: { id: partner.id } })).status).toBe("ACTIVE");
  });

  it("a page's items are exactly what GET answers for each key: active, invited and archived", async () => {
    const shapes = await createVendor("Shapes Co");
    const shapesKey = await newKey(shapes.ctx);
    await addPartner(shapes.ctx, { name: "Zoë Ünicode \"Quoted\"" });
    const removed = await addPartner(shapes.ctx, { name: "Left Early" });
    expect((await call("DELETE", `/api/v2/partnerships/${removed.key}`, { key: shapesKey })).status).toBe(200);
    const invited = await call("POST", "/api/v2/partnerships", {
      key: shapesKey,
      body: { email: newAddress("shape"), first_name: "Ada\u2028", last_name: "</script>", partner_key: "crm-ü-1", tags: ["eu", "vip"] },
    });
    expect(invited.status).toBe(200);
    const page = await call("GET", "/api/v2/partnerships?limit=10&include_archived=true", { key: shapesKey });
    expect(page.json).toMatchObject({ status: 200, message: "OK", data: { has_more: false } });
    expect(page.json.data.items.map((item: { status: string }) => item.status).sort()).toEqual(["active", "archived", "invited"]);
    for (const item of page.json.data.items) {
      const single = await call("GET", `/api/v2/partnerships/${item.key}?include_archived=true`, { key: shapesKey });
      expect(item).toStrictEqual(single.json.data);
      expect(Object.keys(item)).toEqual(Object.keys(single.json.data));
    }
  });

  it("each filter narrows the list: group_key, email, partner_key, tag, min_created and max_created, with a cursor too", async () => {
    const filters = await createVendor("Filters Co");
    const filtersKey = await newKey(filters.ctx);
    const gold = await createGroup(filters.ctx, "Gold");
    const day = 24 * 60 * 60 * 1000;
    const old = await addPartner(filters.ctx, { name: "Old Timer", partnerKey: "crm-old", joinedAt: new Date(Date.now() - 10 * day) });
    const golden = await addPartner(filters.ctx, { name: "Gold Member", groupId: gold.id, joinedAt: new Date(Date.now() - 5 * day) });
    const tagged = await call("POST", "/api/v2/partnerships", { key: filtersKey, body: { email: newAddress("tagged"), tags: ["vip"], partner_key: "crm-vip", group_key: gold.key } });
    const keys = async (query: string) => {
      const answer = await call("GET", `/api/v2/partnerships?${query}`, { key: filtersKey });
      expect(answer.status).toBe(200);
      return answer.json.data.items.map((item: { key: string }) => item.key);
    };
    expect(await keys("limit=10")).toEqual([tagged.json.data.key, golden.key, old.key]);
    expect(await keys(`group_key=${gold.key}`)).toEqual([tagged.json.data.key, golden.key]);
    expect(await keys(`email=${encodeURIComponent(old.email)}`)).toEqual([old.key]);
    expect(await keys("partner_key=crm-old")).toEqual([old.key]);
    expect(await keys("partner_key=crm-vip")).toEqual([tagged.json.data.key]);
    expect(await keys("tag=vip")).toEqual([tagged.json.data.key]);
    expect(await keys(`min_created=${Date.now() - 7 * day}`)).toEqual([tagged.json.data.key, golden.key]);
    expect(await keys(`max_created=${Date.now() - 7 * day}`)).toEqual([old.key]);
    expect(await keys(`group_key=${gold.key}&starting_after=${tagged.json.data.key}`)).toEqual([golden.key]);
    expect(await keys(`limit=1&ending_before=${old.key}`)).toEqual([golden.key]);
    expect(await keys("tag=nobody")).toEqual([]);
  });

  it("pages walk partnerships created at the same moment in id order, each exactly once: both ways, within a group, invited and archived ones too", async () => {
    const ties = await createVendor("Ties Co");
    const tiesKey = await newKey(ties.ctx);
    const bronze = await createGroup(ties.ctx, "Bronze");
    const at = new Date(Date.now() - 60_000);
    type Row = { key: string; id: string; at: Date; inBronze: boolean; archived?: boolean };
    const rows: Row[] = [];
    const add = async (name: string, joinedAt: Date, inBronze: boolean) => {
      const partner = await addPartner(ties.ctx, { name, groupId: inBronze ? bronze.id : undefined, joinedAt });
      rows.push({ key: partner.key, id: partner.id, at: joinedAt, inBronze });
    };
    for (let i = 0; i < 7; i++) await add(`Tie ${i}`, at, i % 2 === 1);
    await add("Earlier", new Date(at.getTime() - 1), false);
    await add("Later", new Date(at.getTime() + 1), true);
    // As an import makes them: invites created in one statement, here at the partners' moment.
    const invited = await invitePartners(ties.ctx, [], { groupId: bronze.id, send: false, rows: [1, 2, 3, 4, 5].map(() => ({ email: newAddress("tie") })) });
    await db.invite.updateMany({ where: { id: { in: invited.created.map((invite) => invite.id) } }, data: { createdAt: at } });
    rows.push(...invited.created.map((invite) => ({ key: invite.partnershipKey, id: invite.id, at, inBronze: true })));
    // Removed partners keep their place, listed with include_archived only.
    const removed = rows.slice(0, 7).filter((_, i) => i % 3 === 0);
    for (const row of removed) {
      expect((await call("DELETE", `/api/v2/partnerships/${row.key}`, { key: tiesKey })).status).toBe(200);
      row.archived = true;
    }
    const order = (list: Row[]) => [...list].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1)).map((row) => row.key);
    const all = order(rows);
    const listed = order(rows.filter((row) => !row.archived));
    const page = async (query: string) => {
      const answer = await call("GET", `/api/v2/partnerships?${query}`, { key: tiesKey });
      expect(answer.status).toBe(200);
      return answer.json.data as { items: { key: string }[]; has_more: boolean };
    };
    const walk = async (filter: string) => {
      const seen: string[] = [];
      for (let after: string | undefined; ; ) {
        const { items, has_more } = await page(`limit=2${filter}${after ? `&starting_after=${after}` : ""}`);
        seen.push(...items.map((item) => item.key));
        if (!has_more) return seen;
        after = seen.at(-1);
      }
    };
    expect(await walk("")).toEqual(listed);
    expect(await walk("&include_archived=true")).toEqual(all);
    const inBronze = listed.filter((key) => rows.find((row) => row.key === key)!.inBronze);
    expect(await walk(`&group_key=${bronze.key}`)).toEqual(inBronze);
    // Backwards from the last one: the two before it, in the list's order.
    expect((await page(`limit=2&ending_before=${listed.at(-1)}`)).items.map((item) => item.key)).toEqual(listed.slice(-3, -1));
    expect((await page(`limit=3&ending_before=${listed[4]}`)).items.map((item) => item.key)).toEqual(listed.slice(1, 4));
    expect((await page(`limit=4&include_archived=true&ending_before=${all[9]}`)).items.map((item) => item.key)).toEqual(all.slice(5, 9));
    // The invites list walks its invites in the same order.
    const inviteKeys: string[] = [];
    for (let after: string | undefined; ; ) {
      const answer = await call("GET", `/api/v2/invites?limit=2${after ? `&starting_after=${after}` : ""}`, { key: tiesKey });
      expect(answer.status).toBe(200);
      inviteKeys.push(...answer.json.data.items.map((item: { key: string }) => item.key));
      if (!answer.json.data.has_more) break;
      after = inviteKeys.at(-1);
    }
    expect(inviteKeys).toEqual(order(rows.filter((row) => invited.created.some((invite) => invite.id === row.id))));
  });

  it("unfiltered pages read past removed partnerships, and past a stretch longer than a walk's cap, each active one exactly once", async () => {
    const churn = await createVendor("Churn Co");
    const churnKey = await newKey(churn.ctx);
    // partner-<i> joined i seconds ago. 1,050 of them (11 to 1,060) are removed: more than a page's
    // walk reads (1,004 rows), so pages around them must be read the other way, along
    // active_partnerships. Every third one of the newest ten is removed too, among active ones.
    await createManyPartners(churn.ctx, 1_100);
    const numberOf = (email: string) => Number(/^partner-(\d+)@/.exec(email)![1]);
    const removedNumbers = (i: number) => (i >= 11 && i <= 1_060) || (i <= 10 && i % 3 === 0);
    const partners = (await db.partnership.findMany({ where: { vendorId: churn.vendorId }, select: { id: true, key: true, email: true } }))
      .map((row) => ({ ...row, i: numberOf(row.email) }))
      .sort((a, b) => a.i - b.i);
    expect(partners).toHaveLength(1_100);
    await db.partnership.updateMany({
      where: { id: { in: partners.filter((row) => removedNumbers(row.i)).map((row) => row.id) } },
      data: { status: "REMOVED", removedAt: new Date() },
    });
    const active = partners.filter((row) => !removedNumbers(row.i)).map((row) => row.key);
    const all = partners.map((row) => row.key);
    expect(active).toHaveLength(47);

    const page = async (query: string) => {
      const answer = await call("GET", `/api/v2/partnerships?${query}`, { key: churnKey });
      expect(answer.status).toBe(200);
      return answer.json.data as { items: { key: string; status: string }[]; has_more: boolean };
    };
    const walk = async (query: string, backwards = false) => {
      const seen: string[] = [];
      for (let cursor: string | undefined; ; ) {
        const { items, has_more } = await page(`${query}${cursor ? `&${backwards ? "ending_before" : "starting_after"}=${cursor}` : ""}`);
        const keys = items.map((item) => item.key);
        if (backwards) seen.unshift(...keys);
        else seen.push(...keys);
        if (!has_more) return seen;
        cursor = backwards ? keys[0] : keys.at(-1);
      }
    };
    expect(await walk("limit=4")).toEqual(active);
    expect(await walk("limit=250")).toEqual(active);
    // From the oldest partner backwards: the pages before it, in the list's order.
    expect(await walk(`limit=5&ending_before=${all.at(-1)}`, true)).toEqual(active.slice(0, -1));
    // A page that starts just before the stretch, and one inside it.
    expect((await page(`limit=3&starting_after=${active[6]}`)).items.map((item) => item.key)).toEqual(active.slice(7, 10));
    expect((await page(`limit=3&starting_after=${all[500]}`)).items.map((item) => item.key)).toEqual(active.slice(7, 10));
    expect((await page("limit=100")).items.every((item) => item.status === "active")).toBe(true);
    // With include_archived, every partnership in joined order.
    expect(await walk("limit=250&include_archived=true")).toEqual(all);
  });

  it("PATCH moves through movePartner (audit event by the key), and sets partner_key and tags", async () => {
    const silver = await createGroup(acme.ctx, "Silver");
    const partner = await addPartner(acme.ctx, { name: "Mover" });
    const answer = await call("PATCH", `/api/v2/partnerships/${partner.key}`, {
      key,
      body: { group_key: silver.key, partner_key: "mover-1", tags: ["moved"] },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({ group: { key: silver.key }, partner_key: "mover-1", tags: ["moved"] });
    const event = await db.auditEvent.findFirstOrThrow({ where: { vendorId: acme.vendorId, action: "partners.moved" }, orderBy: { createdAt: "desc" } });
    expect(event.actorLabel).toBe("API key Test key");

    const unknownGroup = await call("PATCH", `/api/v2/partnerships/${partner.key}`, { key, body: { group_key: "grp_nope" } });
    expect(unknownGroup.status).toBe(404);
    const empty = await call("PATCH", `/api/v2/partnerships/${partner.key}`, { key, body: {} });
    expect(empty.status).toBe(400);
  });

  it("PATCH on an invite changes the invite's group and tags", async () => {
    const bronze = await createGroup(acme.ctx, "Bronze");
    const created = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress() } });
    const answer = await call("PATCH", `/api/v2/partnerships/${created.json.data.key}`, { key, body: { group_key: bronze.key, tags: ["later"] } });
    expect(answer.json.data).toMatchObject({ status: "invited", group: { key: bronze.key }, tags: ["later"] });
    const unknown = await call("PATCH", `/api/v2/partnerships/${created.json.data.key}`, { key, body: { group_key: "grp_nope" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors).toEqual([{ field: "group_key", message: "No active group with this key." }]);
  });

  it("DELETE removes like Delete Partners (links kept or deactivated); removed ones are 404 unless include_archived", async () => {
    const kept = await addPartner(acme.ctx, { name: "Kept Links" });
    const gone = await addPartner(acme.ctx, { name: "Gone Links" });
    const first = await call("DELETE", `/api/v2/partnerships/${kept.key}?deactivate_links=false`, { key });
    expect(first.json.data).toEqual({ key: kept.key, status: "archived", links_deactivated: 0 });
    const second = await call("DELETE", `/api/v2/partnerships/${gone.key}?deactivate_links=true`, { key });
    expect(second.json.data.links_deactivated).toBe(1);
    expect((await call("GET", `/api/v2/partnerships/${kept.key}`, { key })).status).toBe(404);
    const archived = await call("GET", `/api/v2/partnerships/${kept.key}?include_archived=true`, { key });
    expect(archived.json.data).toMatchObject({ status: "archived" });
    expect(typeof archived.json.data.archived_at).toBe("number");
    expect((await call("DELETE", `/api/v2/partnerships/${kept.key}`, { key })).status).toBe(404);
    expect((await call("DELETE", `/api/v2/partnerships/${kept.key}?deactivate_links=maybe`, { key })).status).toBe(400);
    const event = await db.auditEvent.findFirstOrThrow({ where: { vendorId: acme.vendorId, action: "partners.removed" }, orderBy: { createdAt: "desc" } });
    expect(event.actorLabel).toBe("API key Test key");
  });

  it("DELETE on an invited key revokes the invite", async () => {
    const created = await call("POST", "/api/v2/partnerships", { key, body: { email: newAddress() } });
    const answer = await call("DELETE", `/api/v2/partnerships/${created.json.data.key}`, { key });
    expect(answer.status).toBe(200);
    expect((await db.invite.findFirstOrThrow({ where: { partnershipKey: created.json.data.key } })).status).toBe("REVOKED");
  });
});

describe("groups and invites", () => {
  it("GET /groups lists key, name, default, archived, join_url, created_at", async () => {
    const acme = await createVendor("Groups Co");
    const key = await newKey(acme.ctx);
    await createGroup(acme.ctx, "Partners EU");
    const answer = await call("GET", "/api/v2/groups", { key });
    expect(answer.json.data.items[0]).toEqual({
      key: acme.defaultGroup.key,
      name: acme.defaultGroup.name,
      default: true,
      archived: false,
      join_url: `http://localhost:3000/join/${acme.defaultGroup.joinKey}`,
      created_at: expect.any(Number),
    });
    expect(answer.json.data.items).toHaveLength(2);
  });

  it("GET /invites lists pending invites; POST /invites/<key>/resend sends again (limited to one a minute)", async () => {
    const acme = await createVendor("Invites Co");
    const key = await newKey(acme.ctx);
    const email = newAddress("resend");
    const created = await call("POST", "/api/v2/partnerships", { key, body: { email } });
    const list = await call("GET", "/api/v2/invites?limit=5", { key });
    expect(list.json.data).toMatchObject({ has_more: false, items: [{ key: created.json.data.key, email, send_count: 1 }] });
    // The creation's send counts against the one-a-minute allowance only for resends.
    const resent = await call("POST", `/api/v2/invites/${created.json.data.key}/resend`, { key });
    expect(resent.status).toBe(200);
    expect(resent.json.data).toMatchObject({ key: created.json.data.key, email });
    expect(await inviteEmailCount(email)).toBe(2);
    const tooSoon = await call("POST", `/api/v2/invites/${created.json.data.key}/resend`, { key });
    expect(tooSoon.status).toBe(429);
    expect((await call("POST", "/api/v2/invites/part_unknown/resend", { key })).status).toBe(404);
  });
});
