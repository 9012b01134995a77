import "server-only";
import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import { inviteAcceptUrl } from "@/lib/invites/rules";
import { teamInviteAcceptUrl } from "@/lib/team/rules";
import { appUrl } from "@/lib/app-url";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";
import type { TemplateInput, TemplateName } from "./templates";

/**
 * Links that carry a live secret are minted by the worker at send time, never stored. A queued or
 * failed outbox row holds a reference instead; the worker turns it into a fresh token just before
 * sending, records only the token's SHA-256 on the row it refers to, renders the URL into the email
 * and writes it nowhere else. Reading the outbox therefore gives no working link, and a reference
 * cannot be replayed:
 * - an invite email refers to the invite and which send of it: minting is allowed only while the
 *   invite is PENDING and the reference is its latest send, so a resend (which counts one more send)
 *   supersedes every email queued before it, and an accepted or revoked invite gets no link at all;
 * - a teammate invite email likewise refers to the team invite and which send of it;
 * - a password-reset or email-verification email refers to its account_tokens row: minting is
 *   allowed only while that row is unused, unexpired and addressed to the account's current email,
 *   so a newer link of the same kind (which marks the older rows used), a used link or an expired
 *   one sends nothing.
 */

/** Where the reference sits in the stored props, in place of the link. */
export const LINK_REFERENCE_KEY = "linkReference";

const inviteReferenceSchema = z.strictObject({
  kind: z.literal("invite"),
  inviteId: z.guid(),
  /** The invite's send_count when this email was queued. */
  send: z.int().positive(),
});

const teamInviteReferenceSchema = z.strictObject({
  kind: z.literal("team-invite"),
  teamInviteId: z.guid(),
  /** The team invite's send_count when this email was queued. */
  send: z.int().positive(),
});

/** Pages a verification link may continue to once the address is proven (never another site). */
export const CONTINUE_PATH = /^\/(?:join\/[A-Za-z0-9_-]{1,64}|groups|overview|portal)$/;

const accountTokenReferenceSchema = z.strictObject({
  kind: z.literal("account-token"),
  tokenId: z.guid(),
  /** Where the verification page goes once the address is proven (join sign-up, vendor sign-up). */
  next: z.string().regex(CONTINUE_PATH).optional(),
});

const linkReferenceSchema = z.discriminatedUnion("kind", [inviteReferenceSchema, teamInviteReferenceSchema, accountTokenReferenceSchema]);
export type InviteLinkReference = z.infer<typeof inviteReferenceSchema>;
export type TeamInviteLinkReference = z.infer<typeof teamInviteReferenceSchema>;
export type AccountTokenLinkReference = z.infer<typeof accountTokenReferenceSchema>;
export type LinkReference = z.infer<typeof linkReferenceSchema>;

/** The templates whose link is minted at send time, the prop the link fills, and what it is minted from. */
export const MINTED_LINK_PROPS = {
  "partner-invite": "acceptUrl",
  "teammate-invite": "acceptUrl",
  "claim-account": "claimUrl",
  "password-reset": "resetUrl",
  "verify-email": "verifyUrl",
} as const satisfies Partial<Record<TemplateName, string>>;
const REFERENCE_KINDS = {
  "partner-invite": "invite",
  "teammate-invite": "team-invite",
  "claim-account": "invite",
  "password-reset": "account-token",
  "verify-email": "account-token",
} as const satisfies Record<keyof typeof MINTED_LINK_PROPS, LinkReference["kind"]>;
export type MintedLinkTemplate = keyof typeof MINTED_LINK_PROPS;
type MintedLinkProp<N extends MintedLinkTemplate> = (typeof MINTED_LINK_PROPS)[N];

/** An email whose link the worker mints: its props without the link, and what to mint it from. */
export type MintedLinkEmailRequest = {
  [N in MintedLinkTemplate]: {
    to: string;
    template: N;
    props: Omit<TemplateInput<N>, MintedLinkProp<N>>;
  } & ((typeof REFERENCE_KINDS)[N] extends "invite"
    ? { vendorId: string; link: InviteLinkReference }
    : (typeof REFERENCE_KINDS)[N] extends "team-invite"
      ? { vendorId: string; link: TeamInviteLinkReference }
      : { vendorId?: null; link: AccountTokenLinkReference });
}[MintedLinkTemplate];

/** Stands in for the link while the props are validated at queue time; never stored or sent. */
export const LINK_PLACEHOLDER = "https://minted-at-send-time.invalid/";

export function isMintedLinkTemplate(template: string): template is MintedLinkTemplate {
  return Object.hasOwn(MINTED_LINK_PROPS, template);
}

/** The props to validate at queue time: the request's, with the placeholder where the link goes. */
export function propsWithPlaceholder(request: MintedLinkEmailRequest): Record<string, unknown> {
  return { ...request.props, [MINTED_LINK_PROPS[request.template]]: LINK_PLACEHOLDER };
}

/** What is stored: the validated props without the link, and the reference. */
export function propsToStore(template: MintedLinkTemplate, validated: Record<string, unknown>, link: LinkReference): Record<string, unknown> {
  const { [MINTED_LINK_PROPS[template]]: _link, ...rest } = validated;
  const reference = linkReferenceSchema.parse(link);
  if (reference.kind !== REFERENCE_KINDS[template]) throw new Error(`A "${template}" email cannot be minted from a ${reference.kind} reference.`);
  return { ...rest, [LINK_REFERENCE_KEY]: reference };
}

export type PropsToRender =
  | {
      ok: true;
      props: unknown;
      /** The link minted into `props`, and the prop that holds it; absent for rows without a reference. */
      minted?: { prop: string; url: string };
    }
  | { ok: false; reason: string };

type MessageToRender = { template: string; props: unknown; vendorId: string | null };

const NOT_CURRENT: Record<LinkReference["kind"], string> = {
  invite: "Not sent: the invite was resent, accepted or revoked before this email went out.",
  "team-invite": "Not sent: the team invite was resent, accepted or revoked before this email went out.",
  "account-token": "Not sent: a newer link was requested, or this one was used or expired, before this email went out.",
};

type ToMint = { index: number; reference: LinkReference; vendorId: string | null; template: MintedLinkTemplate; rest: Record<string, unknown> };

/**
 * For the worker: stored props as the template renders them, for a batch of messages with one
 * statement per kind of reference. A row with a link reference gets a freshly minted link (the
 * invite's or the account link's token is rotated now), or `ok: false` when the reference is no
 * longer current (the email must not be sent). Rows without a reference are returned as stored.
 */
export async function propsToRenderAll(messages: readonly MessageToRender[]): Promise<PropsToRender[]> {
  const results: (PropsToRender | undefined)[] = [];
  const toMint: ToMint[] = [];
  const seen = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const stored = message.props;
    if (!isMintedLinkTemplate(message.template) || !stored || typeof stored !== "object" || !(LINK_REFERENCE_KEY in stored)) {
      results[index] = { ok: true, props: stored };
      continue;
    }
    const { [LINK_REFERENCE_KEY]: rawReference, ...rest } = stored as Record<string, unknown>;
    const reference = linkReferenceSchema.safeParse(rawReference);
    if (!reference.success || reference.data.kind !== REFERENCE_KINDS[message.template]) {
      results[index] = { ok: false, reason: "Not sent: the stored link reference is not valid." };
      continue;
    }
    // An invite email without its vendor: the vendor was deleted, and its invites with it. A second
    // row with the same reference would rotate the token the first one just sent, so only the first
    // of them is minted.
    const key = referenceKey(reference.data);
    if ((reference.data.kind !== "account-token" && !message.vendorId) || seen.has(key)) {
      results[index] = { ok: false, reason: NOT_CURRENT[reference.data.kind] };
      continue;
    }
    seen.add(key);
    toMint.push({ index, reference: reference.data, vendorId: message.vendorId, template: message.template, rest });
  }
  const links = await mintLinks(toMint);
  for (const [position, { index, rest, template, reference }] of toMint.entries()) {
    const url = links[position];
    const prop = MINTED_LINK_PROPS[template];
    results[index] = url ? { ok: true, props: { ...rest, [prop]: url }, minted: { prop, url } } : { ok: false, reason: NOT_CURRENT[reference.kind] };
  }
  return results.map((result) => result ?? { ok: false, reason: NOT_CURRENT.invite });
}

/** propsToRenderAll for one message. */
export async function propsToRender(message: MessageToRender): Promise<PropsToRender> {
  const [result] = await propsToRenderAll([message]);
  return result ?? { ok: false, reason: NOT_CURRENT.invite };
}

function referenceKey(reference: LinkReference): string {
  if (reference.kind === "invite") return `invite/${reference.inviteId}/${reference.send}`;
  if (reference.kind === "team-invite") return `team-invite/${reference.teamInviteId}/${reference.send}`;
  return `account-token/${reference.tokenId}`;
}

/** Mints every reference of the batch (distinct), with one guarded UPDATE per kind of reference. */
async function mintLinks(requests: readonly ToMint[]): Promise<(string | null)[]> {
  const invites: { position: number; reference: InviteLinkReference; vendorId: string }[] = [];
  const teamInvites: { position: number; reference: TeamInviteLinkReference; vendorId: string }[] = [];
  const accountTokens: { position: number; reference: AccountTokenLinkReference; template: MintedLinkTemplate }[] = [];
  for (const [position, { reference, vendorId, template }] of requests.entries()) {
    if (reference.kind === "invite") invites.push({ position, reference, vendorId: vendorId! });
    else if (reference.kind === "team-invite") teamInvites.push({ position, reference, vendorId: vendorId! });
    else accountTokens.push({ position, reference, template });
  }
  const [inviteLinks, teamInviteLinks, accountLinks] = await Promise.all([
    mintInviteLinks("invite", invites.map(({ reference, vendorId }) => ({ id: reference.inviteId, send: reference.send, vendorId }))),
    mintInviteLinks("team-invite", teamInvites.map(({ reference, vendorId }) => ({ id: reference.teamInviteId, send: reference.send, vendorId }))),
    mintAccountTokenLinks(accountTokens),
  ]);
  const links: (string | null)[] = requests.map(() => null);
  invites.forEach(({ position }, i) => (links[position] = inviteLinks[i] ?? null));
  teamInvites.forEach(({ position }, i) => (links[position] = teamInviteLinks[i] ?? null));
  accountTokens.forEach(({ position }, i) => (links[position] = accountLinks[i] ?? null));
  return links;
}

/** The two kinds of invite a link can be minted for: their table and the page their link opens. */
const INVITE_TABLES = {
  invite: { table: Prisma.raw("invites"), url: inviteAcceptUrl },
  "team-invite": { table: Prisma.raw("team_invites"), url: teamInviteAcceptUrl },
} as const;

/**
 * Rotates each invite's token (a partner invite's, or a teammate invite's) and returns its accept
 * URL, only if the invite belongs to the vendor, is still PENDING and the reference is its latest
 * send; null otherwise. One guarded UPDATE for the whole batch, so a concurrent resend, accept or
 * revoke either comes first (nothing is minted) or finds the new hash. References must be distinct.
 */
async function mintInviteLinks(
  kind: keyof typeof INVITE_TABLES,
  requests: readonly { id: string; send: number; vendorId: string }[],
): Promise<(string | null)[]> {
  if (requests.length === 0) return [];
  const { table, url } = INVITE_TABLES[kind];
  const tokens = requests.map(() => newSecretToken());
  const updated = await db.$queryRaw<{ id: string; send: number }[]>`
    UPDATE ${table} i SET token_hash = v.token_hash, updated_at = now()
      FROM unnest(${requests.map((r) => r.id)}::uuid[], ${requests.map((r) => r.vendorId)}::uuid[],
                  ${requests.map((r) => r.send)}::int[], ${tokens.map(sha256Hex)}::text[])
           AS v(id, vendor_id, send, token_hash)
     WHERE i.id = v.id AND i.vendor_id = v.vendor_id AND i.status = 'PENDING' AND i.send_count = v.send
    RETURNING i.id::text AS id, v.send`;
  const minted = new Set(updated.map((row) => `${row.id}/${row.send}`));
  return requests.map(({ id, send }, position) => (minted.has(`${id}/${send}`) ? url(tokens[position]!) : null));
}

/** The page each kind of account link opens, and the kind of account_tokens row it must refer to. */
const ACCOUNT_LINKS = {
  "password-reset": { kind: "PASSWORD_RESET", path: (token: string) => `/reset-password/${token}` },
  "verify-email": { kind: "EMAIL_VERIFICATION", path: (token: string) => `/verify-email/${token}` },
} as const;

/**
 * Rotates each account link's token and returns its URL, only if its account_tokens row is of the
 * template's kind, unused, unexpired and still addressed to the account's email; null otherwise.
 * A newer link of the same kind marks the older rows used (lib/accounts/account-tokens.ts), so only
 * the latest email of a kind can carry a link. One guarded UPDATE for the whole batch: a concurrent
 * use either comes first (nothing is minted) or finds the new hash.
 */
async function mintAccountTokenLinks(
  requests: readonly { reference: AccountTokenLinkReference; template: MintedLinkTemplate }[],
): Promise<(string | null)[]> {
  if (requests.length === 0) return [];
  const tokens = requests.map(() => newSecretToken());
  const kinds = requests.map(({ template }) => (template === "password-reset" || template === "verify-email" ? ACCOUNT_LINKS[template].kind : ""));
  const updated = await db.$queryRaw<{ id: string }[]>`
    UPDATE account_tokens t SET token_hash = v.token_hash
      FROM unnest(${requests.map((r) => r.reference.tokenId)}::uuid[], ${kinds}::text[], ${tokens.map(sha256Hex)}::text[])
           AS v(id, kind, token_hash), users u
     WHERE t.id = v.id AND t.kind::text = v.kind AND t.used_at IS NULL AND t.expires_at > now()
       AND u.id = t.user_id AND u.email = t.email
    RETURNING t.id::text AS id`;
  const minted = new Set(updated.map((row) => row.id));
  return requests.map(({ reference, template }, position) => {
    if (!minted.has(reference.tokenId) || (template !== "password-reset" && template !== "verify-email")) return null;
    const token = tokens[position]!;
    const url = appUrl(ACCOUNT_LINKS[template].path(token));
    return reference.next ? `${url}?next=${encodeURIComponent(reference.next)}` : url;
  });
}
