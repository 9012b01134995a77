/**
 * nodemailer's error codes for a reply to the mail transaction itself: MAIL FROM, RCPT TO and DATA
 * ("EENVELOPE"), or the message data ("EMESSAGE"). Authentication ("EAUTH") and connection errors
 * ("ECONNECTION", "ETIMEDOUT", "ESOCKET", ...) have codes of their own.
 */
const TRANSACTION_ERROR_CODES: ReadonlySet<string> = new Set(["EENVELOPE", "EMESSAGE"]);

/** "530 Authentication required" (RFC 4954): a missing login, which an operator can fix like EAUTH. */
const AUTHENTICATION_REQUIRED = 530;

interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

/**
 * True when the SMTP server refused this message for good: a 5yz reply (permanent, RFC 5321 4.2.1)
 * to its recipient, to DATA or to its data. Sending it again would only get the same answer.
 *
 * Everything else stays retryable: 4yz replies (temporary by definition), failed or missing
 * authentication (an operator can fix the credentials, and the queue should keep the mail until
 * then), a refused sender at MAIL FROM (the sender address and the account are configuration too,
 * and would refuse every queued message alike) and connection problems, which carry no reply code.
 */
export function isPermanentSmtpRejection(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, responseCode, command } = error as SmtpErrorFields;
  if (typeof code !== "string" || !TRANSACTION_ERROR_CODES.has(code)) return false;
  if (typeof responseCode !== "number" || responseCode < 500 || responseCode > 599) return false;
  return responseCode !== AUTHENTICATION_REQUIRED && command !== "MAIL FROM";
}
