import "server-only";
import { db } from "@/lib/db";

/**
 * The account's current session version, or null when the account no longer exists. A session is
 * valid only while it carries this number: a password reset increments it, ending every session
 * signed before.
 */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}
