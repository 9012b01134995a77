import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { noteDatabaseError } from "@/lib/server/database-health";
import { describeError } from "@/lib/server/log-error";

/**
 * The Prisma client, created on first use so `next build` needs no database, over a pg pool that
 * sqlTransaction shares. Secret columns are omitted by default: code that must compare a hash asks
 * for it explicitly with `omit: {x: false}`.
 */
function createClient(pool: pg.Pool) {
  const adapter = new PrismaPg(
    pool,
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

const globalForDb = globalThis as unknown as { __db?: Db; __dbPool?: pg.Pool };

function getPool(): pg.Pool {
  if (!globalForDb.__dbPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database).");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    // An idle connection dropped by the server must not crash the process, even before Prisma's
    // first query adds its own listener: the pool replaces it on next use.
    pool.on("error", (error) => {
      if (!noteDatabaseError("the database pool", error)) console.error(`[db] idle database connection lost: ${describeError(error)}`);
    });
    globalForDb.__dbPool = pool;
  }
  return globalForDb.__dbPool;
}

export function getDb(): Db {
  globalForDb.__db ??= createClient(getPool());
  return globalForDb.__db;
}

/**
 * What code that reads and writes only through SQL needs of a transaction: Prisma's transaction
 * client has it, and so has sqlTransaction's. The functions on the invite path (createInvites,
 * insertInvites, recordAuditEvent, enqueueEmails, enqueueJobs, reservePartnerEmails) take this, so
 * a caller already in a Prisma transaction (the importer) passes its own, and createInvites opens
 * the cheaper kind.
 *
 * Results come back as pg reads them when the transaction is sqlTransaction's: a bigint or numeric
 * column is a string there (a BigInt or a Decimal through Prisma), so statements on this path cast
 * counts to int.
 */
export interface SqlTx {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** How long one statement of sqlTransaction may run or wait, as a Prisma transaction's timeout was. */
const SQL_TRANSACTION_STATEMENT_MS = 60_000;

/**
 * Runs `work` in a transaction on a connection of the same pool Prisma uses, with statements sent
 * by pg directly: BEGIN, `work`'s statements, then COMMIT, or ROLLBACK when `work` throws (the error
 * is rethrown). For a hot path written in SQL: Prisma's interactive transaction costs the app server
 * about three times the CPU for the same statements (its query engine's work around each one), and
 * an API create is little else. Statements marked by prepared() are named prepared statements here
 * too, under the same names, so a connection prepares each one once whichever client sends it.
 */
export async function sqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  let broken: Error | undefined;
  // A checked-out connection's own errors (the server ending the session) are the caller's to see
  // through the failing statement; unheard, the event would end the process.
  const onError = (error: Error) => {
    broken = error;
    noteDatabaseError("the database pool", error);
  };
  client.on("error", onError);
  try {
    // The same bound as Prisma's interactive transactions had here: no statement waits (on a lock)
    // or runs longer than a minute. Sent with BEGIN, in the same round trip.
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${SQL_TRANSACTION_STATEMENT_MS}`);
    // A statement marked by prepared() is a named prepared statement, under the name Prisma's adapter gives it.
    const send = (text: string, values: unknown[]) =>
      client.query({ name: text.startsWith(PREPARED_MARK) ? preparedStatementName(text) : undefined, text, values });
    const toSql = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]) => (query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values));
    const tx: SqlTx = {
      async $queryRaw<R>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
        const sql = toSql(query, values);
        return (await send(sql.text, sql.values)).rows as R;
      },
      async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
        const sql = toSql(query, values);
        return (await send(sql.text, sql.values)).rowCount ?? 0;
      },
      async $queryRawUnsafe<R>(text: string, ...values: unknown[]) {
        return (await send(text, values)).rows as R;
      },
    };
    const result = await work(tx);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      // The connection is unusable (lost, or the server ended the session): not returned to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
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
  const pool = globalForDb.__dbPool;
  globalForDb.__dbPool = undefined;
  await pool?.end();
}

/**
 * True for a unique-constraint violation; with `target`, only when the violated constraint's name
 * (e.g. "groups_vendor_id_name_key", "partnerships_one_active_per_vendor") contains it.
 */
export function isUniqueViolation(error: unknown, target?: string): boolean {
  if (error instanceof pg.DatabaseError) return error.code === "23505" && (!target || (error.constraint ?? "").includes(target));
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
