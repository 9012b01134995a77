import "server-only";
import type { Tx } from "@/lib/db";
import type { AccountTokenKind } from "@/lib/generated/prisma/enums";
import { newSecretToken, sha256Hex } from "@/lib/security/tokens";

/** How long each kind of link works. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenKind, number> = {
  PASSWORD_RESET: 60 * 60 * 1000,
  EMAIL_VERIFICATION: 7 * 24 * 60 * 60 * 1000,
};

/** Tokens are 32 random bytes in base64url: anything else is not worth a database lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function looksLikeAccountToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN_SHAPE.test(token);
}

/**
 * Stores a new single-use link of `kind` for the account, addressed to `email`, and returns its
 * row's id: the email is queued with that reference (lib/mail/minted-links.ts), and the worker mints
 * the token when it sends, storing only its SHA-256. Until then the row holds the hash of a token
 * nobody has. Earlier unused links of the same kind stop working (used, and expired now): only the
 * newest email's link counts, and an email of theirs still queued sends nothing.
 */
export async function issueAccountToken(
  tx: Tx,
  input: { userId: string; kind: AccountTokenKind; email: string },
  now = new Date(),
): Promise<{ id: string }> {
  await tx.accountToken.updateMany({
    where: { userId: input.userId, kind: input.kind, usedAt: null },
    data: { usedAt: now, expiresAt: now },
  });
  return tx.accountToken.create({
    data: {
      userId: input.userId,
      kind: input.kind,
      email: input.email,
      tokenHash: sha256Hex(newSecretToken()),
      expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS[input.kind]),
    },
    select: { id: true },
  });
}

export type UsableToken = { id: string; userId: string; email: string };

/**
 * Takes a link of `kind` for good inside `tx`: it must exist, be unused, unexpired, and its address
 * must still be the account's. One conditional UPDATE marks it used, so two tabs posting the same
 * link at once cannot both use it. Returns null when the link cannot be used (the caller says so).
 */
export async function useAccountToken(tx: Tx, token: string, kind: AccountTokenKind, now = new Date()): Promise<UsableToken | null> {
  if (!looksLikeAccountToken(token)) return null;
  const row = await tx.accountToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, userId: true, kind: true, email: true, user: { select: { email: true } } },
  });
  if (!row || row.kind !== kind || row.user.email !== row.email) return null;
  const taken = await tx.accountToken.updateMany({
    where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return taken.count === 1 ? { id: row.id, userId: row.userId, email: row.email } : null;
}

/** Read-only: whether a link of `kind` could be used now (for the page a link opens). */
export async function accountTokenIsUsable(db: Tx, token: string, kind: AccountTokenKind, now = new Date()): Promise<boolean> {
  if (!looksLikeAccountToken(token)) return false;
  const row = await db.accountToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { kind: true, email: true, usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  return Boolean(row && row.kind === kind && !row.usedAt && row.expiresAt > now && row.user.email === row.email);
}
