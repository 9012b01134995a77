export const DEFAULT_MAIL_FROM = "Partner Program <no-reply@localhost>";

/** The From header of every email: MAIL_FROM, or a placeholder that is obviously local. */
export function mailFrom(): string {
  return process.env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
}
