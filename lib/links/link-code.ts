import { appBaseUrl } from "@/lib/app-url";
import { randomCode } from "@/lib/security/tokens";

/** Referral link codes: 10 letters and digits (~58 bits), short enough to share, unguessable. */
export const LINK_CODE_LENGTH = 10;

export function newLinkCode(): string {
  return randomCode(LINK_CODE_LENGTH);
}

/**
 * The absolute URL of a referral link, the one a partner shares: `/r/<code>` on the app's public
 * base URL. Callers building many pass `baseUrl` (appBaseUrl()) read once.
 */
export function referralLinkUrl(code: string, baseUrl: string = appBaseUrl()): string {
  return `${baseUrl}/r/${code}`;
}
