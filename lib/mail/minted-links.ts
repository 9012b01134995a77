import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { inviteAcceptUrl } from "@/lib/invites/rules";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";
import type { TemplateInput, TemplateName } from "./templates";

/**
 * Links that carry a live secret are minted by the worker at send time, never stored. A queued or
 * failed outbox row holds a reference instead (which invite, which send of it); the worker turns it
 * into a fresh token just before sending, records only the token's SHA-256 on the invite, renders the
 * URL into the email and writes it nowhere else. Reading the outbox therefore gives no working link,
 * and a reference cannot be replayed: minting is allowed only while the invite is PENDING and the
 * reference is its latest send, so a resend (which counts one more send) supersedes every email
 * queued before it, and an accepted or revoked invite gets no link at all.
 */

/** Where the reference sits in the stored props, in place of the link. */
export const LINK_REFERENCE_KEY = "linkReference";

const linkReferenceSchema = z.strictObject({
  kind: z.literal("invite"),
  inviteId: z.guid(),
  /** The invite's send_count when this email was queued. */
  send: z.int().positive(),
});
export type LinkReference = z.infer<typeof linkReferenceSchema>;

/** The templates whose link is minted at send time, and the prop the link fills. */
export const MINTED_LINK_PROPS = { "partner-invite": "acceptUrl", "claim-account": "claimUrl" } as const satisfies Partial<Record<TemplateName, string>>;
export type MintedLinkTemplate = keyof typeof MINTED_LINK_PROPS;
type MintedLinkProp<N extends MintedLinkTemplate> = (typeof MINTED_LINK_PROPS)[N];

/** An email whose link the worker mints: its props without the link, and what to mint it from. */
export type MintedLinkEmailRequest = {
  [N in MintedLinkTemplate]: {
    to: string;
    template: N;
    props: Omit<TemplateInput<N>, MintedLinkProp<N>>;
    vendorId: string;
    link: LinkReference;
  };
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
  return { ...rest, [LINK_REFERENCE_KEY]: linkReferenceSchema.parse(link) };
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

const NOT_CURRENT = "Not sent: the invite was resent, accepted or revoked before this email went out.";

/**
 * For the worker: stored props as the template renders them, for a batch of messages in one
 * statement. A row with a link reference gets a freshly minted link (the invite's token is rotated
 * now), or `ok: false` when the reference is no longer current (the email must not be sent).
 * Rows without a reference are returned as stored.
 */
export async function propsToRenderAll(messages: readonly MessageToRender[]): Promise<PropsToRender[]> {
  const results: (PropsToRender | undefined)[] = [];
  const toMint: { index: number; reference: LinkReference; vendorId: string; rest: Record<string, unknown>; prop: string }[] = [];
  const seen = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const stored = message.props;
    if (!isMintedLinkTemplate(message.template) || !stored || typeof stored !== "object" || !(LINK_REFERENCE_KEY in stored)) {
      results[index] = { ok: true, props: stored };
      continue;
    }
    const { [LINK_REFERENCE_KEY]: rawReference, ...rest } = stored as Record<string, unknown>;
    const reference = linkReferenceSchema.safeParse(rawReference);
    if (!reference.success) {
      results[index] = { ok: false, reason: "Not sent: the stored link reference is not valid." };
      continue;
    }
    // The vendor was deleted, and its invites with it. A second row with the same reference would
    // rotate the token the first one just sent, so only the first of them is minted.
    const key = `${reference.data.inviteId}/${reference.data.send}`;
    if (!message.vendorId || seen.has(key)) {
      results[index] = { ok: false, reason: NOT_CURRENT };
      continue;
    }
    seen.add(key);
    toMint.push({ index, reference: reference.data, vendorId: message.vendorId, rest, prop: MINTED_LINK_PROPS[message.template] });
  }
  const links = await mintLinks(toMint.map(({ reference, vendorId }) => ({ reference, vendorId })));
  for (const [position, { index, rest, prop }] of toMint.entries()) {
    const url = links[position];
    results[index] = url ? { ok: true, props: { ...rest, [prop]: url }, minted: { prop, url } } : { ok: false, reason: NOT_CURRENT };
  }
  return results.map((result) => result ?? { ok: false, reason: NOT_CURRENT });
}

/** propsToRenderAll for one message. */
export async function propsToRender(message: MessageToRender): Promise<PropsToRender> {
  const [result] = await propsToRenderAll([message]);
  return result ?? { ok: false, reason: NOT_CURRENT };
}

/**
 * Rotates each invite's token and returns its accept URL, only if the invite belongs to the
 * vendor, is still PENDING and the reference is its latest send; null otherwise. One guarded
 * UPDATE for the whole batch, so a concurrent resend, accept or revoke either comes first (nothing
 * is minted) or finds the new hash. References must be distinct.
 */
async function mintLinks(requests: readonly { reference: LinkReference; vendorId: string }[]): Promise<(string | null)[]> {
  if (requests.length === 0) return [];
  const tokens = requests.map(() => newSecretToken());
  const updated = await db.$queryRaw<{ id: string; send: number }[]>`
    UPDATE invites i SET token_hash = v.token_hash, updated_at = now()
      FROM unnest(${requests.map((r) => r.reference.inviteId)}::uuid[], ${requests.map((r) => r.vendorId)}::uuid[],
                  ${requests.map((r) => r.reference.send)}::int[], ${tokens.map(sha256Hex)}::text[])
           AS v(id, vendor_id, send, token_hash)
     WHERE i.id = v.id AND i.vendor_id = v.vendor_id AND i.status = 'PENDING' AND i.send_count = v.send
    RETURNING i.id::text AS id, v.send`;
  const minted = new Set(updated.map((row) => `${row.id}/${row.send}`));
  return requests.map(({ reference }, position) =>
    minted.has(`${reference.inviteId}/${reference.send}`) ? inviteAcceptUrl(tokens[position]!) : null,
  );
}
