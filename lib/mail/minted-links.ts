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
export const MINTED_LINK_PROPS = { "partner-invite": "acceptUrl" } as const satisfies Partial<Record<TemplateName, string>>;
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

export type PropsToRender = { ok: true; props: unknown } | { ok: false; reason: string };

/**
 * For the worker: stored props as the template renders them. A row with a link reference gets a
 * freshly minted link (the invite's token is rotated now), or `ok: false` when the reference is no
 * longer current (the email must not be sent). Rows without a reference are returned as stored.
 */
export async function propsToRender(message: { template: string; props: unknown; vendorId: string | null }): Promise<PropsToRender> {
  const stored = message.props;
  if (!isMintedLinkTemplate(message.template) || !stored || typeof stored !== "object" || !(LINK_REFERENCE_KEY in stored)) {
    return { ok: true, props: stored };
  }
  const { [LINK_REFERENCE_KEY]: rawReference, ...rest } = stored as Record<string, unknown>;
  const reference = linkReferenceSchema.safeParse(rawReference);
  if (!reference.success) return { ok: false, reason: "Not sent: the stored link reference is not valid." };
  const link = await mintLink(reference.data, message.vendorId);
  if (!link) {
    return { ok: false, reason: "Not sent: the invite was resent, accepted or revoked before this email went out." };
  }
  return { ok: true, props: { ...rest, [MINTED_LINK_PROPS[message.template]]: link } };
}

/**
 * Rotates the invite's token and returns its accept URL, only if the invite belongs to `vendorId`,
 * is still PENDING and `reference` is its latest send; null otherwise. One guarded UPDATE, so a
 * concurrent resend, accept or revoke either comes first (nothing is minted) or finds the new hash.
 */
async function mintLink(reference: LinkReference, vendorId: string | null): Promise<string | null> {
  if (!vendorId) return null; // the vendor was deleted, and its invites with it
  const token = newSecretToken();
  const updated = await db.$executeRaw`
    UPDATE invites SET token_hash = ${sha256Hex(token)}, updated_at = now()
     WHERE id = ${reference.inviteId}::uuid AND vendor_id = ${vendorId}::uuid
       AND status = 'PENDING' AND send_count = ${reference.send}`;
  return updated === 1 ? inviteAcceptUrl(token) : null;
}
