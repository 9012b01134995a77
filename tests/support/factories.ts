import { randomBytes } from "node:crypto";
import type { VendorCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { extractLinks } from "@/lib/mail/mailbox";
import type { JoinSource, VendorRole } from "@/lib/generated/prisma/enums";
import { registerPartnerAccount } from "@/lib/accounts/register-partner";
import { splitName } from "@/lib/accounts/split-name";
import { signUpVendor } from "@/lib/vendors/sign-up-vendor";
import { createGroup as createGroupInApp } from "@/lib/groups/create-group";
import { updateGroupSettings } from "@/lib/groups/update-group-settings";
import { createPartnership } from "@/lib/partnerships/create-partnership";
import { createInvites, type CreateInvitesInput, type CreateInvitesResult, type InviteRow } from "@/lib/invites/create-invites";
import type { FormDefinition } from "@/lib/validations/application-form";
import { createImportDraft, type ImportPreview } from "@/lib/imports/preview-import";
import { runImportBatch, startImport } from "@/lib/imports/run-import";
import type { ColumnMapping } from "@/lib/imports/mapping";

/**
 * Test data for every test file, built through the domain functions the app itself calls (sign-up,
 * group creation, createPartnership, createInvites), so a test starts from rows the app could have
 * written. Works wherever `db` reaches a migrated database: the integration tests' per-file database,
 * or the browser tests' app database (their global setup points DATABASE_URL at it).
 *
 * Builders of a vendor's data take the vendor's context first, like the domain functions: `(ctx, input)`.
 * Names and addresses are unique per call, so builders can be called any number of times per file.
 */

/** The password of every account these builders create (long enough for the password rules). */
export const PASSWORD = "a long enough password";

/** A short random suffix: unique enough for names and addresses within one test run. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/** A fresh lower-case address, e.g. `invitee-1a2b3c4d@partner.example`. */
export function newAddress(label = "invitee", domain = "partner.example"): string {
  return `${label}-${uniqueSuffix()}@${domain}`;
}

/**
 * Sign-up and invites queue their emails inside their transaction, and the first email of a process
 * starts the job queue (migrating its schema). An app server starts it when it boots; a test process
 * does it here, outside any transaction, so that work never counts against a transaction's timeout.
 */
async function startJobQueue(): Promise<void> {
  await getBoss();
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "vendor";
}

// ---------------------------------------------------------------------------------------------
// Vendors and members

export interface TestGroup {
  id: string;
  key: string;
  joinKey: string;
  name: string;
}

export interface TestVendor {
  vendorId: string;
  name: string;
  website: string;
  ownerId: string;
  ownerEmail: string;
  /** The owner acting for the vendor: pass it to domain functions. */
  ctx: VendorCtx;
  /** The "Default" group sign-up creates. */
  defaultGroup: TestGroup;
}

export interface VendorOptions {
  website?: string;
  ownerName?: string;
  ownerEmail?: string;
  password?: string;
  /** false: the owner has not clicked the verification link yet (cannot send emails to partners). */
  verified?: boolean;
}

const GROUP_FIELDS = { id: true, key: true, joinKey: true, name: true } as const;

/**
 * A vendor with its Owner and its "Default" group, made by vendor sign-up (which also queues the
 * owner's welcome and verification emails). The owner can log in with `password` (PASSWORD unless
 * given) and has proven the address (as if the verification link was clicked) unless `verified: false`.
 */
export async function createVendor(name = "Acme", options: VendorOptions = {}): Promise<TestVendor> {
  await startJobQueue();
  const website = options.website ?? `https://${slug(name)}.example`;
  const ownerEmail = (options.ownerEmail ?? newAddress("owner", `${slug(name)}.example`)).toLowerCase();
  const signedUp = await signUpVendor({
    companyName: name,
    website,
    name: options.ownerName ?? "Olivia Owner",
    email: ownerEmail,
    password: options.password ?? PASSWORD,
  });
  const { vendorId, userId } = signedUp;
  if (!vendorId || !userId) throw new Error(`vendor sign-up created nothing for ${ownerEmail} (its account has another password)`);
  if (options.verified !== false) await markVerified(userId);
  const defaultGroup = await db.group.findFirstOrThrow({ where: { vendorId, isDefault: true }, select: GROUP_FIELDS });
  return { vendorId, name, website, ownerId: userId, ownerEmail, ctx: { vendorId, actorId: userId }, defaultGroup };
}

export interface TestMember {
  userId: string;
  email: string;
  role: VendorRole;
  /** This member acting for the vendor. */
  ctx: VendorCtx;
}

/**
 * Another member of the vendor's team with `role`. The membership row is written directly (the
 * invite-and-accept path of Settings > Team is tested in tests/integration/team), so tests of
 * other features need no email round trip; the account is a real one that can log in with PASSWORD.
 */
export async function addMember(
  ctx: VendorCtx,
  input: { role?: VendorRole; email?: string; name?: string; password?: string } = {},
): Promise<TestMember> {
  const role = input.role ?? "MEMBER";
  const user = await createAccount({
    email: input.email ?? newAddress(role.toLowerCase(), "team.example"),
    name: input.name ?? "Morgan Member",
    password: input.password ?? PASSWORD,
  });
  await db.vendorMember.create({ data: { vendorId: ctx.vendorId, userId: user.id, role } });
  return { userId: user.id, email: user.email, role, ctx: { vendorId: ctx.vendorId, actorId: user.id } };
}

// ---------------------------------------------------------------------------------------------
// Accounts

export interface TestAccount {
  id: string;
  email: string;
  name: string;
}

/**
 * A person's account. With a password (PASSWORD unless given) it is made the way a partner's
 * sign-up makes it and can log in; with `password: null` it has none, like an account an import
 * created that a person has not claimed yet. Its address is proven (as after a verification link)
 * unless `verified: false`.
 */
export async function createAccount(
  input: { email?: string; name?: string; password?: string | null; verified?: boolean } = {},
): Promise<TestAccount> {
  const email = (input.email ?? newAddress("partner")).toLowerCase();
  const name = input.name ?? "Pat Partner";
  const emailVerifiedAt = input.verified === false ? null : new Date();
  if (input.password === null) {
    return db.user.create({ data: { email, name, emailVerifiedAt }, select: { id: true, email: true, name: true } });
  }
  const { id } = await registerPartnerAccount({ email, name, password: input.password ?? PASSWORD });
  if (emailVerifiedAt) await markVerified(id);
  return { id, email, name };
}

async function markVerified(userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() }, select: { id: true } });
}

/** createAccount under the name partner tests mean by it: by default an account that can log in. */
export const createPartnerAccount = createAccount;

// ---------------------------------------------------------------------------------------------
// Groups

export interface GroupOptions {
  /** Where the group's referral links send visitors; null (default) is the vendor's website. */
  destinationUrl?: string | null;
  /** An application form; the form is enabled when it has fields. */
  form?: FormDefinition;
}

/** A group made by "Create group", then given settings through Group Settings when any are asked for. */
export async function createGroup(ctx: VendorCtx, name: string, options: GroupOptions = {}): Promise<TestGroup> {
  const { key } = await createGroupInApp(ctx, { name });
  if (options.destinationUrl != null || options.form?.length) {
    await updateGroupSettings(ctx, {
      groupKey: key,
      name,
      destinationUrl: options.destinationUrl ?? null,
      formEnabled: Boolean(options.form?.length),
      formFields: options.form ?? [],
    });
  }
  return db.group.findUniqueOrThrow({ where: { key, vendorId: ctx.vendorId }, select: GROUP_FIELDS });
}

/** An application form with a required URL, dropdown and checkbox and optional country and text, for groups that take applications. */
export const SAMPLE_FORM: FormDefinition = [
  { id: "website", label: "Your website", type: "url", required: true },
  { id: "audience", label: "Audience size", type: "dropdown", required: true, options: ["Under 1k", "1k-10k", "Over 10k"] },
  { id: "country", label: "Country", type: "country", required: false },
  { id: "about", label: "Tell us about you", type: "long_text", required: false },
  { id: "terms", label: "I accept the terms", type: "checkbox", required: true },
];

/** Answers to SAMPLE_FORM as the join page posts them, all valid. */
export const VALID_ANSWERS = {
  website: "blog.example.org",
  audience: "1k-10k",
  country: "DE",
  about: "  I write about analytics.  ",
  terms: "on",
};

async function defaultGroupId(ctx: VendorCtx): Promise<string> {
  const group = await db.group.findFirstOrThrow({ where: { vendorId: ctx.vendorId, isDefault: true }, select: { id: true } });
  return group.id;
}

// ---------------------------------------------------------------------------------------------
// Partners

export interface PartnerOptions {
  /** The group joined; the vendor's Default group when absent. */
  groupId?: string;
  /**
   * An existing account (createPartnerAccount for one that can log in); otherwise a new account
   * without a password is made, which saves a password hash per partner where nobody logs in.
   */
  user?: { id: string; email: string; name?: string };
  /** The partnership's first and last name, and the new account's; the account's name when absent. */
  name?: string;
  email?: string;
  joinSource?: JoinSource;
  partnerKey?: string;
  /** Backdates the partnership (the app always joins "now"). */
  joinedAt?: Date;
}

export interface TestPartner {
  /** The partnership's id and public key. */
  id: string;
  key: string;
  partnerKey: string;
  userId: string;
  email: string;
  /** Its one referral link. */
  link: { id: string; code: string };
}

/**
 * A partner in one of the vendor's groups, joined through createPartnership (partnership, referral
 * link and audit event), as a join link, an approval or an accepted invite does. The partner is the
 * actor, as when they join themselves.
 */
export async function addPartner(ctx: VendorCtx, options: PartnerOptions = {}): Promise<TestPartner> {
  const user = options.user ?? (await createAccount({ email: options.email, name: options.name, password: null }));
  const groupId = options.groupId ?? (await defaultGroupId(ctx));
  const { id, key } = await db.$transaction((tx) =>
    createPartnership(
      { vendorId: ctx.vendorId, actorId: user.id },
      {
        userId: user.id,
        groupId,
        joinSource: options.joinSource ?? "JOIN_LINK",
        email: user.email,
        // As joining, approval and invites name a partner: after the account.
        ...splitName(options.name ?? user.name ?? ""),
        partnerKey: options.partnerKey,
      },
      tx,
    ),
  );
  if (options.joinedAt) {
    await db.partnership.update({ where: { id, vendorId: ctx.vendorId }, data: { joinedAt: options.joinedAt } });
  }
  const partnership = await db.partnership.findUniqueOrThrow({
    where: { id, vendorId: ctx.vendorId },
    select: { partnerKey: true, links: { select: { id: true, code: true } } },
  });
  return { id, key, partnerKey: partnership.partnerKey, userId: user.id, email: user.email, link: partnership.links[0]! };
}

export interface ManyPartnersOptions {
  /** Groups the partners are spread over, in turn; the vendor's Default group when absent. */
  groupIds?: string[];
  /** One join source for all, or several spread over the partners in turn. Default JOIN_LINK. */
  joinSources?: JoinSource[];
  /** Partner addresses are `partner-<n>@<emailDomain>`; a fresh domain per call when absent. */
  emailDomain?: string;
}

export interface ManyPartners {
  count: number;
  /** Every partner of this call has an address at this domain: filter by it to find them. */
  emailDomain: string;
}

/**
 * `count` partners (accounts without a password, active partnerships, one referral link each) in a
 * few set-based statements, for tests that need many rows: 100,000 take seconds, where addPartner
 * would take minutes. Partner n joined n seconds ago, so the newest is partner-1. No audit events
 * are written for them.
 */
export async function createManyPartners(ctx: VendorCtx, count: number, options: ManyPartnersOptions = {}): Promise<ManyPartners> {
  const emailDomain = (options.emailDomain ?? `bulk-${uniqueSuffix()}.example`).toLowerCase();
  const groupIds = options.groupIds?.length ? options.groupIds : [await defaultGroupId(ctx)];
  const joinSources = options.joinSources?.length ? options.joinSources : (["JOIN_LINK"] as JoinSource[]);
  if (count <= 0) return { count: 0, emailDomain };
  await db.$transaction(
    async (tx) => {
      // The groups must be this vendor's: a test handing another vendor's group would build rows the app never could.
      const owned = await tx.group.count({ where: { vendorId: ctx.vendorId, id: { in: groupIds } } });
      if (owned !== new Set(groupIds).size) throw new Error("createManyPartners: every group must belong to the vendor");
      // One materialised list of numbered ids feeds the three inserts: no join back on generated values.
      await tx.$executeRaw`
        WITH n AS MATERIALIZED (
          SELECT i, gen_random_uuid() AS user_id, gen_random_uuid() AS partnership_id,
                 format('partner-%s@%s', i, ${emailDomain}::text) AS email, now() - i * interval '1 second' AS joined_at
          FROM generate_series(1, ${count}::int) AS i
        ),
        u AS (INSERT INTO users (id, email, name) SELECT user_id, email, format('Partner %s', i) FROM n),
        p AS (
          INSERT INTO partnerships (id, vendor_id, user_id, group_id, join_source, partner_key, email, first_name, last_name, joined_at)
          SELECT partnership_id, ${ctx.vendorId}::uuid, user_id,
                 (${groupIds}::uuid[])[1 + (i - 1) % ${groupIds.length}::int],
                 (${joinSources}::"JoinSource"[])[1 + ((i - 1) / ${groupIds.length}::int) % ${joinSources.length}::int],
                 'pk_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12),
                 email, 'Partner', i::text, joined_at
          FROM n
        )
        INSERT INTO partner_links (vendor_id, partnership_id, code, created_at)
        SELECT ${ctx.vendorId}::uuid, partnership_id, substr(replace(gen_random_uuid()::text, '-', ''), 1, 12), joined_at FROM n`;
    },
    { timeout: 120_000 },
  );
  return { count, emailDomain };
}

// ---------------------------------------------------------------------------------------------
// Invites

export interface InviteOptions {
  /** The group invited to; the vendor's Default group when absent. */
  groupId?: string;
  /** Queue the invite emails (default true), as "Send invites" does. */
  send?: boolean;
  source?: CreateInvitesInput["source"];
  /** Rows with names and partner keys (as the importer sends them) instead of bare addresses. */
  rows?: InviteRow[];
}

/** Invites addresses through createInvites (the Invite Partners dialog's function). */
export async function invitePartners(ctx: VendorCtx, emails: string[], options: InviteOptions = {}): Promise<CreateInvitesResult> {
  if (options.send ?? true) await startJobQueue();
  return createInvites(ctx, {
    emails: options.rows ? undefined : emails,
    rows: options.rows,
    groupId: options.groupId ?? (await defaultGroupId(ctx)),
    source: options.source ?? "INVITE",
    send: options.send ?? true,
  });
}

export interface TestInvite {
  id: string;
  email: string;
  partnershipKey: string;
  /** The secret of the invite link, as the invite email carries it. */
  token: string;
  /** The invite link the email carries. */
  url: string;
}

/**
 * One invite, sent, to one address (a fresh one unless given), with the link its email carries.
 * For invites created without an email (importer, API), use invitePartners with `send: false`.
 */
export async function createInvite(
  ctx: VendorCtx,
  options: Pick<InviteOptions, "groupId" | "source"> & Partial<InviteRow> = {},
): Promise<TestInvite> {
  const email = (options.email ?? newAddress()).toLowerCase();
  const row: InviteRow = { email, firstName: options.firstName, lastName: options.lastName, partnerKey: options.partnerKey };
  const { created, skipped } = await invitePartners(ctx, [], { groupId: options.groupId, source: options.source, rows: [row], send: true });
  const invite = created[0];
  if (!invite) throw new Error(`createInvite: ${email} was skipped (${skipped[0]?.reason ?? "unknown"})`);
  const { url, token } = await latestInviteLink(email);
  return { ...invite, token, url };
}

/**
 * The invite link of the newest invite email to `email`, read from the email as the partner gets it.
 * The outbox holds no link (the worker mints the token when it sends), so an email still queued is
 * delivered here first, the way the worker does it: to the captured mail when SMTP_URL is unset.
 * Asking again for the same email reads the same delivered link.
 */
export async function latestInviteLink(email: string): Promise<{ url: string; token: string; isResend: boolean }> {
  return latestLinkIn(email, "partner-invite", "/invite/");
}

/** latestInviteLink for a teammate invite (Settings > Team): the link to /team-invite/<token>. */
export async function latestTeamInviteLink(email: string): Promise<{ url: string; token: string; isResend: boolean }> {
  return latestLinkIn(email, "teammate-invite", "/team-invite/");
}

async function latestLinkIn(
  email: string,
  template: "partner-invite" | "teammate-invite",
  path: string,
): Promise<{ url: string; token: string; isResend: boolean }> {
  const newest = () =>
    db.emailMessage.findFirstOrThrow({
      where: { to: email, template },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true, props: true, html: true, lastError: true },
    });
  let message = await newest();
  if (message.status === "QUEUED") {
    // Loaded here: only callers that read a link load the renderer.
    const { deliverEmail } = await import("@/lib/mail/deliver");
    await deliverEmail(message.id, { isLastAttempt: true });
    message = await newest();
  }
  const url = message.status === "SENT" ? extractLinks(message.html ?? "").find((href) => href.includes(path)) : undefined;
  if (!url) throw new Error(`latestInviteLink: the newest ${template} email to ${email} has no link (${message.status}: ${message.lastError ?? "no body"})`);
  const token = new URL(url).pathname.split("/").pop()!;
  return { url, token, isResend: (message.props as { isResend?: boolean }).isResend === true };
}

/** How many invite emails were queued for `email`. */
export async function inviteEmailCount(email: string): Promise<number> {
  return db.emailMessage.count({ where: { to: email, template: "partner-invite" } });
}

export interface ImportOptions {
  fileName?: string;
  hasHeader?: boolean;
  sendInvites?: boolean;
  /** Changes to the detected mapping. */
  mapping?: Partial<ColumnMapping>;
}

/**
 * Imports a CSV file (text, or bytes for other encodings) the way the Import page and the job queue
 * do: upload as a draft, "Import partners", then every batch job in turn (run here, in order, as a
 * worker would). Returns the preview the vendor saw and the import's id.
 */
export async function importCsv(ctx: VendorCtx, file: string | Uint8Array, options: ImportOptions = {}): Promise<{ importId: string; preview: ImportPreview }> {
  await startJobQueue();
  const bytes = typeof file === "string" ? new TextEncoder().encode(file) : file;
  const preview = await createImportDraft(ctx, { fileName: options.fileName ?? "partners.csv", bytes, hasHeader: options.hasHeader ?? true });
  const mapping = { ...preview.mapping, ...options.mapping };
  const { importId } = await startImport(ctx, { importId: preview.importId, mapping, hasHeader: preview.hasHeader, sendInvites: options.sendInvites ?? false });
  await runImportToEnd(importId);
  return { importId, preview };
}

/** Runs an import's batches from its checkpoint to the end, as the worker would. */
export async function runImportToEnd(importId: string): Promise<void> {
  for (let guard = 0; guard < 1_000; guard++) {
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importId }, select: { processedRows: true, status: true } });
    if (job.status !== "PENDING" && job.status !== "RUNNING") return;
    await runImportBatch(importId, job.processedRows);
  }
  throw new Error(`runImportToEnd: import ${importId} did not finish`);
}
