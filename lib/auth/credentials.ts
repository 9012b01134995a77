import "server-only";
import { db } from "@/lib/db";
import { loginSchema } from "./schemas";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { clearLoginFailures, consumeLoginAttempt } from "./rate-limit";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
}

/**
 * Checks an email and password. Unknown email and wrong password both return null after the same
 * amount of work (a full argon2 verification), and both are counted before the check (a success
 * gives the attempt back): an address that keeps failing, on this account or on many, is refused
 * with RATE_LIMITED; an account failing from many addresses is only slowed, so its owner, at an
 * address that has not been failing, always gets in with the right password (lib/auth/rate-limit.ts).
 */
export async function authenticateWithPassword(input: {
  email: unknown;
  password: unknown;
  ip?: string;
}): Promise<AuthenticatedUser | null> {
  const parsed = loginSchema.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  await consumeLoginAttempt(email, input.ip);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) return null; // the attempt was counted before the check
  await Promise.all([
    clearLoginFailures(email, input.ip),
    db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } }),
  ]);
  return { id: user.id, email: user.email, name: user.name };
}
