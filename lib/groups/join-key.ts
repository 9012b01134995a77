import { randomCode } from "@/lib/security/tokens";

/** 22 characters from a 57-letter alphabet: about 128 bits, unguessable. */
export function newJoinKey(): string {
  return randomCode(22);
}
