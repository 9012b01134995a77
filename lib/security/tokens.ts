import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, URL-safe. Used for invite tokens and API keys: shown once, stored hashed. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

const ALPHANUMERIC = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * A random code of letters and digits (look-alikes 0/O, 1/l/I left out), for public but
 * unguessable identifiers such as join keys and link codes. Rejection sampling keeps it uniform.
 */
export function randomCode(length: number): string {
  const out: string[] = [];
  const limit = 256 - (256 % ALPHANUMERIC.length);
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out.push(ALPHANUMERIC[byte % ALPHANUMERIC.length]!);
      if (out.length === length) break;
    }
  }
  return out.join("");
}
