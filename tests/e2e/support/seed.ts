import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";

/**
 * Seeding for browser tests goes through lib/ (the same code the app runs) against the app's
 * database: the global setup points DATABASE_URL there for every worker.
 */
export async function createUserWithPassword(input: { email: string; name: string; password: string }) {
  return db.user.create({
    data: { email: input.email.toLowerCase(), name: input.name, passwordHash: await hashPassword(input.password) },
    select: { id: true, email: true, name: true },
  });
}

export { db };
