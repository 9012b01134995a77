import "server-only";
import { emitPartnershipEvents } from "@/lib/webhooks/emit";
import type { VendorCtx } from "@/lib/context";
import { db, isUniqueViolation, Prisma, sqlTransaction, type SqlTx, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { groupJoinUrl } from "@/lib/groups/join-url";
import { createInvites, invitingGroupNotFound, type CreateInvitesInput, type CreateInvitesResult } from "@/lib/invites/create-invites";
import { resendInvite } from "@/lib/invites/resend-invite";
import { revokeInvite } from "@/lib/invites/revoke-invite";
import { movePartner } from "@/lib/partnerships/move-partners";
import { removePartner } from "@/lib/partnerships/remove-partners";
import { emailSchema } from "@/lib/validations/primitives";
import { apiQuery } from "./pool";
import { API_LIMITS } from "./schemas";
import type {
  ApiGroup,
  ApiInvite,
  ApiPartnership,
  CreatePartnershipBody,
  ListPartnershipsQuery,
  UpdatePartnershipBody,
} from "./schemas";

/**
 * The API's view of a program: active partnerships and pending invites are one list of
 * "partnerships" keyed by partnership key (an invite's key is the one its partnership gets when it
 * is accepted). Every write goes through the same lib/ functions as the UI.
 */

const NOT_FOUND = () => notFound("This partnership");

interface PartnershipRow {
  key: string;
  email: string;
  first_name: string;
  last_name: string;
  partner_key: string | null;
  tags: string[];
  group_key: string;
  group_name: string;
  status: "active" | "invited" | "archived";
  /** Epoch milliseconds (bigint: a string from pg, a BigInt from Prisma); TIMESTAMPTZ(3), so whole. */
  created_ms: string | bigint;
  archived_ms: string | bigint | null;
}

function toApiPartnership(row: PartnershipRow): ApiPartnership {
  return {
    key: row.key,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    partner_key: row.partner_key,
    tags: row.tags,
    group: { key: row.group_key, name: row.group_name },
    status: row.status,
    created_at: Number(row.created_ms),
    archived_at: row.archived_ms === null ? null : Number(row.archived_ms),
  };
}

// Times are answered as epoch milliseconds computed by PostgreSQL: cheaper to read than timestamps
// parsed into Dates, a hundred to a page. created_at stays for ordering.
// `joined` names the column the time is read from: a page of active partnerships reads the copy in
// the narrow table it walks (d.joined_at, kept equal by trigger), so that PostgreSQL knows the branch
// comes out in the page's order and reads no more of it than the page takes.
// `group` names the group's columns: its key and name from `g` (joined), or only its id for a list
// page, which looks the groups up once, after the page's LIMIT.
const GROUP_COLUMNS = Prisma.sql`g.key AS group_key, g.name AS group_name`;
const partnershipColumns = (joined: Prisma.Sql = Prisma.sql`p.joined_at`, group: Prisma.Sql = GROUP_COLUMNS) => Prisma.sql`
  p.key, p.email, p.first_name, p.last_name, p.partner_key, p.tags, ${group},
  CASE WHEN p.status = 'ACTIVE' THEN 'active' ELSE 'archived' END AS status, ${joined} AS created_at,
  (extract(epoch FROM ${joined}) * 1000)::bigint AS created_ms, (extract(epoch FROM p.removed_at) * 1000)::bigint AS archived_ms`;
const PARTNERSHIP_COLUMNS = partnershipColumns();

const inviteColumns = (group: Prisma.Sql = GROUP_COLUMNS) => Prisma.sql`
  i.partnership_key AS key, i.email, i.first_name, i.last_name, i.partner_key, i.tags, ${group},
  'invited' AS status, i.created_at, (extract(epoch FROM i.created_at) * 1000)::bigint AS created_ms, NULL::bigint AS archived_ms`;
const INVITE_COLUMNS = inviteColumns();

/**
 * The invite with this partnership key, as `i`, for the caller to narrow to its vendor and status.
 * The subquery (OFFSET 0 keeps PostgreSQL from merging it) holds only the key, so the invite is read
 * through the key's unique index whatever the statistics say. Written plainly, with the vendor and
 * PENDING beside the key, a plan made while the statistics said the vendor had no pending invites
 * (after a burst of creates or an import, before the next ANALYZE) walked every pending invite of
 * the vendor on the one-pending-invite-per-address index to find one key: 2 ms at 4,000.
 */
export const inviteWithKey = (key: string) => Prisma.sql`(SELECT * FROM invites WHERE partnership_key = ${key}::text OFFSET 0) i`;


// ---------------------------------------------------------------------------------------------
// Read

/**
 * One partnership (or pending invite) by key; a removed one only with `includeArchived`. Inside a
 * transaction (`tx`) through it; otherwise on the API's pool (lib/api/pool.ts).
 */
export async function getApiPartnership(ctx: VendorCtx, key: string, options: { includeArchived?: boolean } = {}, tx?: Tx): Promise<ApiPartnership> {
  const sql = Prisma.sql`
    (SELECT ${PARTNERSHIP_COLUMNS}
       FROM partnerships p JOIN groups g ON g.id = p.group_id
      WHERE p.vendor_id = ${ctx.vendorId}::uuid AND p.key = ${key}::text
        AND (p.status = 'ACTIVE' OR ${options.includeArchived ?? false}::boolean))
    UNION ALL
    (SELECT ${INVITE_COLUMNS}
       FROM ${inviteWithKey(key)} JOIN groups g ON g.id = i.group_id
      WHERE i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING')
    LIMIT 1`;
  const rows = tx ? await tx.$queryRaw<PartnershipRow[]>(sql) : await apiQuery<PartnershipRow>(sql);
  if (!rows[0]) throw NOT_FOUND();
  return toApiPartnership(rows[0]);
}

/**
 * How many partnerships (active or removed) an unfiltered page reads at most along
 * partnerships_by_joined before it reads the active ones from active_partnerships instead: four
 * times the largest page, so a page of active partnerships among up to three removed ones each is
 * one walk.
 */
const WALK_CAP = 4 * (API_LIMITS.pageMax + 1);

/**
 * GET /api/v2/partnerships: newest first, keyset-paginated on (created_at, id), so a page never
 * repeats or skips a partnership that existed when the walk began, whatever is created or removed
 * meanwhile. The id settling ties is the partnership's, or the pending invite's: the one each
 * branch's index holds after the time, so that a page reads no further than itself even among
 * thousands created in one statement (an import's invites share one created_at; ordered on their
 * keys, every page sorted all of them). One UNION of branches, each limited to one page before
 * they are merged: pending invites on (vendor_id, status, created_at, id), and partnerships either
 * walked in joined order on partnerships_by_joined (unfiltered pages: see walkBranch) or, active
 * ones, along active_partnerships or active_partnership_groups and removed ones only with
 * include_archived.
 *
 * One statement in all, on the API's pool, the cursor's position (a partnership or an invite of
 * this vendor) looked up in it; a second only when an unfiltered page reaches the end of its capped
 * walk (walkBranch), and only an empty page asks whether the cursor exists at all (not found is a
 * 400 naming the parameter).
 */
export async function listApiPartnerships(ctx: VendorCtx, query: ListPartnershipsQuery): Promise<{ items: ApiPartnership[]; has_more: boolean }> {
  const backwards = query.ending_before !== undefined;
  const cursorKey = query.ending_before ?? query.starting_after;
  const take = query.limit + 1;
  // Filtered pages vary the statement's text with the filters: those are planned each time (apiQuery).
  const filtered = [query.group_key, query.email, query.partner_key, query.tag, query.min_created, query.max_created].some((value) => value !== undefined);
  // Unfiltered pages are two prepared statements (with and without a cursor) that PostgreSQL should
  // plan once. It keeps a generic plan only when it costs no more than the plans made for each
  // run's values, and for the 100,000-partner vendor those knew the vendor's size and the page's
  // LIMIT and came out five times cheaper on paper: every page was planned again (0.8 ms of
  // PostgreSQL's CPU, a third of the page). Read through scalar subqueries, the vendor and the LIMIT
  // are unknown to both kinds of plan, which then cost the same, so the generic plan is kept; it is
  // the plan the pages ran with anyway (same index scans, same execution time).
  const vendorId = filtered ? Prisma.sql`${ctx.vendorId}::uuid` : Prisma.sql`(SELECT ${ctx.vendorId}::uuid)`;
  const pageLimit = filtered ? Prisma.sql`${take}::int` : Prisma.sql`(SELECT ${take}::int)`;
  const direction = backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const groupId = query.group_key
    ? Prisma.sql`(SELECT g2.id FROM groups g2 WHERE g2.vendor_id = ${vendorId} AND g2.key = ${query.group_key}::text)`
    : null;
  // Where the cursor partnership sits in the order (created_at, id).
  const cursor = cursorKey
    ? Prisma.sql`cursor AS MATERIALIZED (
        (SELECT p.joined_at AS at, p.id FROM partnerships p WHERE p.vendor_id = ${vendorId} AND p.key = ${cursorKey}::text)
        UNION ALL
        (SELECT i.created_at, i.id FROM invites i
          WHERE i.vendor_id = ${vendorId} AND i.partnership_key = ${cursorKey}::text AND i.status <> 'ACCEPTED')
        LIMIT 1),`
    : Prisma.empty;

  const filters = (alias: "p" | "i", created: Prisma.Sql, id: Prisma.Sql, byGroup = true): Prisma.Sql[] => {
    const t = Prisma.raw(alias);
    const out: Prisma.Sql[] = [];
    if (groupId && byGroup) out.push(Prisma.sql`${t}.group_id = ${groupId}`);
    if (query.email) out.push(Prisma.sql`${t}.email = ${query.email}::text`);
    if (query.partner_key) out.push(Prisma.sql`${t}.partner_key = ${query.partner_key}::text`);
    if (query.tag) out.push(Prisma.sql`${t}.tags @> ARRAY[${query.tag}::text]`);
    if (query.min_created !== undefined) out.push(Prisma.sql`${created} >= ${new Date(query.min_created)}::timestamptz`);
    if (query.max_created !== undefined) out.push(Prisma.sql`${created} <= ${new Date(query.max_created)}::timestamptz`);
    if (cursorKey) {
      // The plain bound on the time is what an index can start its scan at (the branch's
      // (vendor_id, time) index); the row comparison then settles ties on the id. Without it, a
      // page deep into 100,000 partnerships read every one before the cursor (0.6 s a page).
      out.push(
        backwards
          ? Prisma.sql`${created} >= (SELECT at FROM cursor) AND (${created}, ${id}) > ((SELECT at FROM cursor), (SELECT id FROM cursor))`
          : Prisma.sql`${created} <= (SELECT at FROM cursor) AND (${created}, ${id}) < ((SELECT at FROM cursor), (SELECT id FROM cursor))`,
      );
    }
    return out;
  };
  const where = (base: Prisma.Sql[], extra: Prisma.Sql[]) => Prisma.join([...base, ...extra], " AND ");

  // Each branch is limited to the largest page (a constant, so that the statement's plan can be
  // made once: see apiQuery); the merged rows are then limited to this page, and being read in
  // order, no branch reads further than the page needs.
  const branchLimit = Prisma.raw(String(API_LIMITS.pageMax + 1));
  const walkCap = Prisma.raw(String(WALK_CAP));
  // Every branch answers whether its row is the last one a capped walk read (`capped`, below).
  // The branches read no group: the page's rows are matched with their groups (each read once, by
  // id and vendor) after its LIMIT. Joined inside a branch, groups could take the branch out of
  // index order: after a burst of creates, invites' statistics lag (one pending invite estimated,
  // thousands there) and a hash join read and sorted every pending invite on every page. Looked up
  // row by row instead (a lateral subquery), they cost PostgreSQL 0.5 ms a page under load, a
  // rescan of groups each.
  const partnershipColumnsOf = Prisma.sql`${partnershipColumns(Prisma.sql`p.joined_at`, Prisma.sql`p.group_id`)}, p.id`;

  // Unfiltered pages walk partnerships itself in joined order (partnerships_by_joined, whose
  // columns never change), reading each page's rows where they are. Active partnerships among
  // removed ones are found by reading past the removed ones, so that walk is capped at WALK_CAP
  // rows: its last row is answered whatever its status, marked `capped`, and a page that reaches
  // it (a stretch of more removed partnerships than the cap leaves room for) is read again the
  // other way (walk = false, below). With include_archived every row is listed, so that walk
  // needs no cap.
  const walkBranch = () =>
    query.include_archived
      ? Prisma.sql`
    (SELECT ${partnershipColumnsOf}, false AS capped
       FROM partnerships p
      WHERE ${where([Prisma.sql`p.vendor_id = ${vendorId}`], filters("p", Prisma.sql`p.joined_at`, Prisma.sql`p.id`))}
      ORDER BY p.joined_at ${direction}, p.id ${direction}
      LIMIT ${branchLimit})`
      : Prisma.sql`
    (SELECT ${partnershipColumnsOf}, p.n = ${walkCap} AS capped
       FROM (SELECT p.id, p.key, p.email, p.first_name, p.last_name, p.partner_key, p.tags, p.group_id, p.status, p.joined_at, p.removed_at,
                    row_number() OVER (ORDER BY p.joined_at ${direction}, p.id ${direction}) AS n
               FROM partnerships p
              WHERE ${where([Prisma.sql`p.vendor_id = ${vendorId}`], filters("p", Prisma.sql`p.joined_at`, Prisma.sql`p.id`))}
              ORDER BY p.joined_at ${direction}, p.id ${direction}
              LIMIT ${walkCap}) p
      WHERE p.status = 'ACTIVE' OR p.n = ${walkCap}
      ORDER BY p.joined_at ${direction}, p.id ${direction}
      LIMIT ${branchLimit})`;
  // Otherwise (filters, a group, or a page that reached the cap) active partnerships are read in
  // joined order along the index of a narrow table that lists them (active_partnership_groups for a
  // group, whose condition is then the group filter itself; active_partnerships otherwise), each
  // then read by id: partnerships has no index on status or group (schema.prisma). Removed ones are
  // read from partnerships.
  const partnershipBranch = (status: "ACTIVE" | "REMOVED") =>
    status === "ACTIVE"
      ? Prisma.sql`
    (SELECT ${partnershipColumns(Prisma.sql`d.joined_at`, Prisma.sql`p.group_id`)}, d.partnership_id AS id, false AS capped
       FROM ${groupId ? Prisma.sql`active_partnership_groups` : Prisma.sql`active_partnerships`} d
       JOIN partnerships p ON p.id = d.partnership_id AND p.vendor_id = ${vendorId}
      WHERE ${where([groupId ? Prisma.sql`d.group_id = ${groupId}` : Prisma.sql`d.vendor_id = ${vendorId}`], filters("p", Prisma.sql`d.joined_at`, Prisma.sql`d.partnership_id`, false))}
      ORDER BY d.joined_at ${direction}, d.partnership_id ${direction}
      LIMIT ${branchLimit})`
      : Prisma.sql`
    (SELECT ${partnershipColumnsOf}, false AS capped
       FROM partnerships p
      WHERE ${where([Prisma.sql`p.vendor_id = ${vendorId}`, Prisma.sql`p.status = 'REMOVED'`], filters("p", Prisma.sql`p.joined_at`, Prisma.sql`p.id`))}
      ORDER BY p.joined_at ${direction}, p.id ${direction}
      LIMIT ${branchLimit})`;
  const inviteBranch = Prisma.sql`
    (SELECT ${inviteColumns(Prisma.sql`i.group_id`)}, i.id, false AS capped
       FROM invites i
      WHERE ${where([Prisma.sql`i.vendor_id = ${vendorId}`, Prisma.sql`i.status = 'PENDING'`], filters("i", Prisma.sql`i.created_at`, Prisma.sql`i.id`))}
      ORDER BY i.created_at ${direction}, i.id ${direction}
      LIMIT ${branchLimit})`;
  const branches = (walkPartnerships: boolean) =>
    walkPartnerships
      ? [walkBranch(), inviteBranch]
      : [partnershipBranch("ACTIVE"), inviteBranch, ...(query.include_archived ? [partnershipBranch("REMOVED")] : [])];

  const read = (walkPartnerships: boolean) =>
    apiQuery<PartnershipRow & { capped: boolean }>(Prisma.sql`
    WITH ${cursor}
    page AS MATERIALIZED (
      SELECT * FROM (${Prisma.join(branches(walkPartnerships), " UNION ALL ")}) AS merged
       ORDER BY created_at ${direction}, id ${direction}
       LIMIT ${pageLimit}),
    page_groups AS MATERIALIZED (SELECT id, key, name FROM groups WHERE vendor_id = ${vendorId} AND id IN (SELECT group_id FROM page))
    SELECT m.key, m.email, m.first_name, m.last_name, m.partner_key, m.tags, g.key AS group_key, g.name AS group_name,
           m.status, m.created_ms, m.archived_ms, m.capped
      FROM page m JOIN page_groups g ON g.id = m.group_id
     ORDER BY m.created_at ${direction}, m.id ${direction}`, { prepared: !filtered });
  // A page that reached the end of a capped walk may lack active partnerships beyond it: read again.
  const walk = !filtered && !groupId;
  let rows = await read(walk);
  if (walk && rows.some((row) => row.capped)) rows = await read(false);
  if (rows.length === 0 && cursorKey && !(await cursorExists(ctx, cursorKey))) {
    const field = backwards ? "ending_before" : "starting_after";
    throw new AppError("BAD_REQUEST", `${field} is not a partnership key of this program.`, {
      fieldErrors: { [field]: ["No partnership with this key."] },
    });
  }
  // Read one past the limit (has_more), in the walk's direction; answered newest first.
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backwards) page.reverse();
  return { items: page.map(toApiPartnership), has_more: hasMore };
}

async function cursorExists(ctx: VendorCtx, key: string): Promise<boolean> {
  const rows = await apiQuery<{ found: boolean }>(Prisma.sql`
    SELECT EXISTS (SELECT FROM partnerships WHERE vendor_id = ${ctx.vendorId}::uuid AND key = ${key}::text)
        OR EXISTS (SELECT FROM invites WHERE vendor_id = ${ctx.vendorId}::uuid AND partnership_key = ${key}::text AND status <> 'ACCEPTED') AS found`);
  return rows[0]?.found ?? false;
}

// ---------------------------------------------------------------------------------------------
// Create

/** Namespace of the per-(vendor, partner key) advisory lock ("pky" in ASCII). */
const PARTNER_KEY_LOCK_NAMESPACE = 0x706b79;

/**
 * Serialises, until the transaction ends, the API's writes that give a partner key in one vendor:
 * a pending invite's key is unique by this check only (no index spans invites and partnerships), so
 * two requests claiming the same key at once must check it one after the other. The second one's
 * check runs after the first one's commit and sees its row.
 */
async function lockPartnerKey(tx: SqlTx, ctx: VendorCtx, partnerKey: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${PARTNER_KEY_LOCK_NAMESPACE}::int, hashtext(${ctx.vendorId}::text || ':' || ${partnerKey}::text))::text`;
}

async function assertPartnerKeyFree(tx: SqlTx, ctx: VendorCtx, partnerKey: string, exceptKey?: string): Promise<void> {
  const taken = await tx.$queryRaw<{ one: number }[]>`
    (SELECT 1 AS one FROM partnerships
      WHERE vendor_id = ${ctx.vendorId}::uuid AND partner_key = ${partnerKey} AND key IS DISTINCT FROM ${exceptKey ?? null})
    UNION ALL
    (SELECT 1 FROM invites
      WHERE vendor_id = ${ctx.vendorId}::uuid AND status = 'PENDING' AND partner_key = ${partnerKey}
        AND partnership_key IS DISTINCT FROM ${exceptKey ?? null})
    LIMIT 1`;
  if (taken.length > 0) throw partnerKeyTaken();
}

const partnerKeyTaken = () =>
  new AppError("CONFLICT", "This partner_key is already used by another partnership of this program.", {
    fieldErrors: { partner_key: ["Already used by another partnership."] },
  });

/** The active group with this key, in the caller's transaction (PATCH of a pending invite). */
async function findGroupByKey(tx: Tx, ctx: VendorCtx, groupKey: string): Promise<{ id: string }> {
  const group = await tx.group.findFirst({ where: { vendorId: ctx.vendorId, key: groupKey, archivedAt: null }, select: { id: true } });
  if (!group) throw invitingGroupNotFound({ groupKey });
  return group;
}

/**
 * POST /api/v2/partnerships: invites the address to the group (the default group when no key is
 * given) through createInvites, as the Invite Partners dialog does; the partner gets the invite
 * email and becomes a partner by accepting it. An address that is already an active partner or
 * has a pending invite is a CONFLICT carrying the existing key, and nothing is sent; concurrent
 * identical calls create one invite (the one-pending-invite-per-address index) and one email.
 * The answer is the invite as createInvites stored it: nothing is read back.
 *
 * Creates without a partner key that arrive while another create of the same key (vendor and
 * actor) into the same group is being written are written together, as one batch (createBatch).
 */
export function createApiPartnership(ctx: VendorCtx, body: CreatePartnershipBody): Promise<ApiPartnership> {
  if (body.partner_key) return createOne(ctx, body);
  return joinCreateLane(ctx, body);
}

/** One create in its own transaction: with a partner key, its check and the invite commit together under the key's lock (lockPartnerKey). */
async function createOne(ctx: VendorCtx, body: CreatePartnershipBody): Promise<ApiPartnership> {
  const input: CreateInvitesInput = {
    rows: [inviteRow(body)],
    ...(body.group_key !== undefined ? { groupKey: body.group_key } : {}),
    source: "API",
    send: true,
  };
  const partnerKey = body.partner_key;
  const result = partnerKey
    ? await sqlTransaction(async (tx) => {
        await lockPartnerKey(tx, ctx, partnerKey);
        await assertPartnerKeyFree(tx, ctx, partnerKey);
        return createInvites(ctx, input, tx);
      })
    : await createInvites(ctx, input);
  const created = result.created[0];
  if (created) return createdPartnership(created, result.group);
  throw invalidForInvites(body.email) ?? (await existingPartnershipConflicts(ctx, [body.email])).get(body.email)!;
}

/**
 * The 400 for an address the API's schema lets through but an invite cannot take: the API accepts
 * PartnerStack's 255 characters, an address has at most 254 (emailSchema). Null for a valid one.
 */
function invalidForInvites(email: string): AppError | null {
  const parsed = emailSchema.safeParse(email);
  if (parsed.success) return null;
  const message = parsed.error.issues[0]?.message ?? "Not a valid email address.";
  return new AppError("BAD_REQUEST", message, { fieldErrors: { email: [message] } });
}

const inviteRow = (body: CreatePartnershipBody) => ({
  email: body.email,
  firstName: body.first_name,
  lastName: body.last_name,
  partnerKey: body.partner_key ?? null,
  tags: body.tags ?? [],
});

function createdPartnership(created: CreateInvitesResult["created"][number], group: CreateInvitesResult["group"]): ApiPartnership {
  return {
    key: created.partnershipKey,
    email: created.email,
    first_name: created.firstName,
    last_name: created.lastName,
    partner_key: created.partnerKey,
    tags: created.tags,
    group: { key: group.key, name: group.name },
    status: "invited",
    created_at: created.createdAt.getTime(),
    archived_at: null,
  };
}

/**
 * The 409s for addresses that got no invite: an active partner, or one already invited (with its
 * key), by address; one statement for any number. An address with neither changed while it was
 * being written (its invite revoked or accepted meanwhile).
 */
async function existingPartnershipConflicts(ctx: VendorCtx, emails: readonly string[]): Promise<Map<string, AppError>> {
  const distinct = [...new Set(emails)];
  const rows = await apiQuery<{ email: string; key: string; status: string }>(Prisma.sql`
    SELECT a.email, x.key, x.status
      FROM unnest(${distinct}::text[]) AS a(email)
      CROSS JOIN LATERAL (
        (SELECT key, 'an active partner' AS status FROM partnerships
          WHERE vendor_id = ${ctx.vendorId}::uuid AND email = a.email AND status = 'ACTIVE')
        UNION ALL
        (SELECT partnership_key, 'already invited' FROM invites
          WHERE vendor_id = ${ctx.vendorId}::uuid AND email = a.email AND status = 'PENDING')
        LIMIT 1) x`);
  const found = new Map(rows.map((row) => [row.email, row]));
  return new Map(
    distinct.map((email) => {
      const existing = found.get(email);
      if (!existing) return [email, new AppError("CONFLICT", "This email changed while the partnership was being created. Try again.")];
      return [
        email,
        new AppError("CONFLICT", `${email} is ${existing.status} (${existing.key}). Nothing was sent.`, {
          fieldErrors: { email: [`Already has the partnership ${existing.key}.`] },
          details: { key: existing.key },
        }),
      ];
    }),
  );
}

// Batches of creates ("lanes"). A create's transaction is mostly fixed work (the group, the audit
// event, the quota check, the commit: about ten round trips to PostgreSQL) and createInvites is
// set-based, so the creates a client sends at once are written together: while a lane (one vendor,
// one actor, one group) is writing, the creates that arrive wait for its next batch, which takes
// all of them. A create that finds its lane idle is written at once, alone, so nobody waits for
// a batch to fill. Lanes live in this process; every instance of the app has its own.

/** The most creates written in one batch (createInvites takes up to MAX_INVITES_PER_REQUEST). */
export const CREATE_BATCH_MAX = 100;

interface WaitingCreate {
  body: CreatePartnershipBody;
  resolve: (partnership: ApiPartnership) => void;
  reject: (error: unknown) => void;
}

interface CreateLane {
  ctx: VendorCtx;
  groupKey: string | undefined;
  waiting: WaitingCreate[];
}

const globalForLanes = globalThis as unknown as { __apiCreateLanes?: Map<string, CreateLane> };
const lanes = (globalForLanes.__apiCreateLanes ??= new Map());

function joinCreateLane(ctx: VendorCtx, body: CreatePartnershipBody): Promise<ApiPartnership> {
  const laneKey = JSON.stringify([ctx.vendorId, ctx.actorId, ctx.actorLabel ?? null, body.group_key ?? null]);
  return new Promise((resolve, reject) => {
    const lane = lanes.get(laneKey);
    if (lane) {
      lane.waiting.push({ body, resolve, reject });
      return;
    }
    const opened: CreateLane = { ctx, groupKey: body.group_key, waiting: [{ body, resolve, reject }] };
    lanes.set(laneKey, opened);
    void drainLane(laneKey, opened);
  });
}

async function drainLane(laneKey: string, lane: CreateLane): Promise<void> {
  try {
    while (lane.waiting.length > 0) {
      const batch = lane.waiting.splice(0, CREATE_BATCH_MAX);
      // createBatch answers every create itself; this is for a fault of its own, which must not leave one waiting.
      await createBatch(lane.ctx, lane.groupKey, batch).catch((error: unknown) => batch.forEach((waiting) => waiting.reject(error)));
    }
  } finally {
    lanes.delete(laneKey);
  }
}

/**
 * Writes a batch of creates with one createInvites (one transaction, one audit event for the
 * batch, one quota check) and answers each request on its own: its invite, or the 409 an address
 * that got none answers alone (an active partner, already invited, or the same address earlier in
 * the batch). Over the partner-email quota (or an address's daily invite emails), the creates are
 * written one by one, in the order they arrived, so that those that fit go through and each of the
 * others gets its own refusal. Any other failure (the group, the owner's verification, the
 * database) is every create's answer.
 */
async function createBatch(ctx: VendorCtx, groupKey: string | undefined, batch: WaitingCreate[]): Promise<void> {
  const settle = (waiting: WaitingCreate, answer: () => Promise<ApiPartnership>) => answer().then(waiting.resolve, waiting.reject);
  if (batch.length === 1) return settle(batch[0]!, () => createOne(ctx, batch[0]!.body));
  let result: CreateInvitesResult;
  try {
    result = await createInvites(ctx, {
      rows: batch.map((waiting) => inviteRow(waiting.body)),
      ...(groupKey !== undefined ? { groupKey } : {}),
      source: "API",
      send: true,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED") {
      for (const waiting of batch) await settle(waiting, () => createOne(ctx, waiting.body));
    } else {
      for (const waiting of batch) waiting.reject(error);
    }
    return;
  }
  const created = new Map(result.created.map((invite) => [invite.email, invite]));
  const refused: WaitingCreate[] = [];
  for (const waiting of batch) {
    const email = emailSchema.safeParse(waiting.body.email);
    const invite = email.success ? created.get(email.data) : undefined;
    if (invite) {
      // Answered once: a second create of the same address in the batch gets the 409.
      created.delete(invite.email);
      waiting.resolve(createdPartnership(invite, result.group));
    } else {
      const invalid = invalidForInvites(waiting.body.email);
      if (invalid) waiting.reject(invalid);
      else refused.push(waiting);
    }
  }
  if (refused.length === 0) return;
  const conflicts = await existingPartnershipConflicts(ctx, refused.map((waiting) => waiting.body.email));
  for (const waiting of refused) waiting.reject(conflicts.get(waiting.body.email));
}

// ---------------------------------------------------------------------------------------------
// Update and remove

async function findTarget(tx: Tx, ctx: VendorCtx, key: string): Promise<{ kind: "partnership" | "invite"; id: string }> {
  const rows = await tx.$queryRaw<{ kind: "partnership" | "invite"; id: string }[]>`
    (SELECT 'partnership' AS kind, id::text FROM partnerships
      WHERE vendor_id = ${ctx.vendorId}::uuid AND key = ${key} AND status = 'ACTIVE')
    UNION ALL
    (SELECT 'invite', i.id::text FROM ${inviteWithKey(key)}
      WHERE i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING')
    LIMIT 1`;
  const row = rows[0];
  if (!row) throw NOT_FOUND();
  return { kind: row.kind, id: row.id };
}

/**
 * PATCH /api/v2/partnerships/{key}: moves an active partnership with movePartner (the "Update
 * Partner Group" path: audit event, links follow the group) and sets its partner key and tags; for
 * a pending invite, the same fields of the invite (carried to the partnership on acceptance).
 */
export async function updateApiPartnership(ctx: VendorCtx, key: string, body: UpdatePartnershipBody): Promise<ApiPartnership> {
  try {
    return await db.$transaction(async (tx) => {
      const target = await findTarget(tx, ctx, key);
      if (body.partner_key !== undefined) {
        await lockPartnerKey(tx, ctx, body.partner_key);
        await assertPartnerKeyFree(tx, ctx, body.partner_key, key);
      }
      const fields = {
        ...(body.partner_key !== undefined ? { partnerKey: body.partner_key } : {}),
        ...(body.tags !== undefined ? { tags: body.tags } : {}),
      };
      if (target.kind === "partnership") {
        // Fields first: a move then emits partnership.updated with them; without a move it is emitted here.
        if (Object.keys(fields).length > 0) {
          await tx.partnership.updateMany({ where: { vendorId: ctx.vendorId, key, status: "ACTIVE" }, data: fields });
          if (body.group_key === undefined) await emitPartnershipEvents(tx, ctx.vendorId, "partnership.updated", [target.id]);
        }
        if (body.group_key !== undefined) await movePartner(ctx, { key, toGroupKey: body.group_key }, tx);
      } else {
        const group = body.group_key !== undefined ? await findGroupByKey(tx, ctx, body.group_key) : null;
        await tx.invite.updateMany({
          where: { id: target.id, vendorId: ctx.vendorId, status: "PENDING" },
          data: { ...fields, ...(group ? { groupId: group.id } : {}) },
        });
      }
      return getApiPartnership(ctx, key, {}, tx);
    }, { timeout: 30_000, maxWait: 10_000 });
  } catch (error) {
    if (isUniqueViolation(error, "partner_key")) throw partnerKeyTaken();
    throw error;
  }
}

/**
 * DELETE /api/v2/partnerships/{key}: an active partnership is removed with removePartner (the same
 * removal as "Delete Partners"); a pending invite is revoked.
 */
export async function deleteApiPartnership(
  ctx: VendorCtx,
  key: string,
  options: { deactivateLinks: boolean },
): Promise<{ key: string; status: "archived"; links_deactivated: number }> {
  const target = await findTarget(db, ctx, key);
  if (target.kind === "invite") {
    await revokeInvite(ctx, { inviteId: target.id });
    return { key, status: "archived", links_deactivated: 0 };
  }
  const result = await removePartner(ctx, { key, deactivateLinks: options.deactivateLinks });
  return { key, status: "archived", links_deactivated: result.linksDeactivated };
}

// ---------------------------------------------------------------------------------------------
// Groups and invites

/** GET /api/v2/groups: every group of the program, default first, then by creation. */
export async function listApiGroups(ctx: VendorCtx): Promise<ApiGroup[]> {
  const groups = await db.group.findMany({
    where: { vendorId: ctx.vendorId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }, { key: "asc" }],
    select: { key: true, name: true, isDefault: true, archivedAt: true, joinKey: true, createdAt: true },
  });
  return groups.map((group) => ({
    key: group.key,
    name: group.name,
    default: group.isDefault,
    archived: group.archivedAt !== null,
    join_url: groupJoinUrl(group.joinKey),
    created_at: group.createdAt.getTime(),
  }));
}

/** GET /api/v2/invites: pending invites, newest first, keyset-paginated like partnerships. */
export async function listApiInvites(
  ctx: VendorCtx,
  query: { limit: number; starting_after?: string },
): Promise<{ items: ApiInvite[]; has_more: boolean }> {
  let cursor: Prisma.Sql = Prisma.empty;
  if (query.starting_after) {
    const [at] = await db.$queryRaw<{ createdAt: Date; id: string }[]>`
      SELECT i.created_at AS "createdAt", i.id FROM ${inviteWithKey(query.starting_after)}
       WHERE i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING'`;
    if (!at) {
      throw new AppError("BAD_REQUEST", "starting_after is not a pending invite of this program.", {
        fieldErrors: { starting_after: ["No pending invite with this key."] },
      });
    }
    // Ordered as the partnerships list orders its invites (created_at, id), along the same index.
    cursor = Prisma.sql`AND i.created_at <= ${at.createdAt}::timestamptz AND (i.created_at, i.id) < (${at.createdAt}::timestamptz, ${at.id}::uuid)`;
  }
  const rows = await db.$queryRaw<{
    key: string; email: string; first_name: string; last_name: string; group_key: string; group_name: string;
    send_count: number; last_sent_at: Date | null; expires_at: Date; created_at: Date;
  }[]>`
    SELECT i.partnership_key AS key, i.email, i.first_name, i.last_name, g.key AS group_key, g.name AS group_name,
           i.send_count, i.last_sent_at, i.expires_at, i.created_at
      FROM invites i JOIN groups g ON g.id = i.group_id
     WHERE i.vendor_id = ${ctx.vendorId}::uuid AND i.status = 'PENDING' ${cursor}
     ORDER BY i.created_at DESC, i.id DESC
     LIMIT ${query.limit + 1}`;
  return {
    has_more: rows.length > query.limit,
    items: rows.slice(0, query.limit).map((row) => ({
      key: row.key,
      email: row.email,
      first_name: row.first_name,
      last_name: row.last_name,
      group: { key: row.group_key, name: row.group_name },
      send_count: row.send_count,
      last_sent_at: row.last_sent_at?.getTime() ?? null,
      expires_at: row.expires_at.getTime(),
      created_at: row.created_at.getTime(),
    })),
  };
}

/** POST /api/v2/invites/{key}/resend: resendInvite on the invite with this partnership key. */
export async function resendApiInvite(ctx: VendorCtx, key: string): Promise<{ key: string; email: string; expires_at: number }> {
  const invite = await db.invite.findFirst({
    where: { vendorId: ctx.vendorId, partnershipKey: key },
    select: { id: true },
  });
  if (!invite) throw notFound("This invite");
  const result = await resendInvite(ctx, { inviteId: invite.id });
  return { key, email: result.email, expires_at: result.expiresAt.getTime() };
}
