import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The Prisma client, created on first use so `next build` needs no database. Secret columns are
 * omitted by default: code that must compare a hash asks for it explicitly with `omit: {x: false}`.
 */
function createClient() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database).");
  const adapter = new PrismaPg(
    { connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
    // Only the statements marked by prepared() get a name: the rest stay unnamed (parsed each time).
    { statementNameGenerator: (query) => (query.sql.startsWith(PREPARED_MARK) ? preparedStatementName(query.sql) : (undefined as unknown as string)) },
  );
  return new PrismaClient({
    adapter,
    omit: {
      user: { passwordHash: true },
      invite: { tokenHash: true },
      apiKey: { keyHash: true },
      accountToken: { tokenHash: true },
      webhookEndpoint: { secret: true },
    },
  });
}

const PREPARED_MARK = "/* prepared */ ";

/** Names already computed: the texts marked for preparing are a fixed few, so this stays small. */
const statementNames = new Map<string, string>();

/**
 * The prepared statement's name for a text: the same text always gets the same name, another text
 * another. Remembered, since hashing a statement of a few kilobytes on every run cost more than
 * the rest of choosing its name.
 */
export function preparedStatementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s_${createHash("sha1").update(text).digest("base64url")}`;
    if (statementNames.size < 1_000) statementNames.set(text, name);
  }
  return name;
}

/**
 * Marks a raw statement run on every request of a hot path (an invite's few statements) to be a
 * named prepared statement: parsed once per connection of Prisma's pool, and after five runs
 * planned once too, when PostgreSQL finds a generic plan as cheap as the ones made for each run's
 * values. Unmarked statements are parsed and planned on every run, as Prisma does by default.
 * Only statements whose text is the same on every run may be marked (a text that varied with the
 * input would leave one statement per variant in each connection's memory for its lifetime); a
 * LIMIT that decides the plan is written as a constant, not a parameter (lib/api/pool.ts).
 */
export function prepared(sql: Prisma.Sql): Prisma.Sql {
  return Prisma.sql([PREPARED_MARK, ""], sql);
}

/** The same mark for a statement given as text ($queryRawUnsafe, e.g. the job queue's). */
export function preparedText(text: string): string {
  return PREPARED_MARK + text;
}

export type Db = ReturnType<typeof createClient>;
/** A transaction client, as handed to `db.$transaction(async (tx) => ...)`. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForDb = globalThis as unknown as { __db?: Db };

export function getDb(): Db {
  globalForDb.__db ??= createClient();
  return globalForDb.__db;
}

/** `db.partnership.findMany(...)` etc.; the client is created on first property access. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb() {
  if (globalForDb.__db) {
    await globalForDb.__db.$disconnect();
    globalForDb.__db = undefined;
  }
}

/**
 * True for a unique-constraint violation; with `target`, only when the violated constraint's name
 * (e.g. "groups_vendor_id_name_key", "partnerships_one_active_per_vendor") contains it.
 */
export function isUniqueViolation(error: unknown, target?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!target) return true;
  return violatedConstraint(error).some((name) => name.includes(target));
}

/** The violated constraint's name (driver adapters) or its columns (Prisma's own `target`). */
function violatedConstraint(error: Prisma.PrismaClientKnownRequestError): string[] {
  const meta = (error.meta ?? {}) as {
    target?: string | string[];
    driverAdapterError?: { cause?: { constraint?: { index?: string; fields?: string[] } } };
  };
  const constraint = meta.driverAdapterError?.cause?.constraint;
  const names = [constraint?.index, ...(constraint?.fields ?? [])];
  if (typeof meta.target === "string") names.push(meta.target);
  else if (Array.isArray(meta.target)) names.push(...meta.target);
  return names.filter((n): n is string => typeof n === "string");
}

export { Prisma };
