import { appUrl } from "@/lib/app-url";
import { AppError } from "@/lib/errors";

/** How long an invite link works after it was (re)sent or created. */
export const INVITE_TTL_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The most addresses one "Send invites" takes (the importer batches its rows to this size too). */
export const MAX_INVITES_PER_REQUEST = 1000;

/** A resend per invite per minute: enough to fix a typo'd mailbox, not enough to spam anyone. */
export const RESEND_LIMIT = { points: 1, durationSeconds: 60 } as const;

export function inviteExpiry(from: Date = new Date()): Date {
  return new Date(from.getTime() + INVITE_TTL_DAYS * DAY_MS);
}

/** The absolute link a partner opens to accept: built from APP_URL, never from the request. */
export function inviteAcceptUrl(token: string): string {
  return appUrl(`/invite/${encodeURIComponent(token)}`);
}

/** What the UI shows for an invite: PENDING past its expiry reads as "expired". */
export type InviteDisplayStatus = "pending" | "expired" | "accepted" | "revoked";

export function displayStatus(invite: { status: "PENDING" | "ACCEPTED" | "REVOKED"; expiresAt: Date }, now = new Date()): InviteDisplayStatus {
  if (invite.status === "ACCEPTED") return "accepted";
  if (invite.status === "REVOKED") return "revoked";
  return invite.expiresAt.getTime() < now.getTime() ? "expired" : "pending";
}

export const INVITE_NO_LONGER_VALID = "This invite is no longer valid";

/** Raised for unknown, rotated, expired, revoked and used tokens alike: the page says whom to ask. */
export function inviteNoLongerValid(vendorName?: string): AppError {
  return new AppError(
    "GONE",
    vendorName
      ? `${INVITE_NO_LONGER_VALID}. Ask ${vendorName} to send you a new invite.`
      : `${INVITE_NO_LONGER_VALID}. Ask the company that invited you to send a new invite.`,
  );
}

/**
 * Splits what a person pastes into "Emails": commas, semicolons, spaces and new lines all
 * separate addresses; "Name <a@b.c>" yields a@b.c. Empty pieces are dropped, nothing else is.
 */
export function splitEmailList(text: string): string[] {
  const withoutNames = text.replace(/[^<>,;\n]*<([^<>\s]+)>/g, " $1 ");
  return withoutNames
    .split(/[\s,;]+/)
    .map((piece) => piece.trim())
    .filter((piece) => piece.length > 0);
}
