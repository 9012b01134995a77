import { beforeAll, describe, expect, it } from "vitest";
import { db, isUniqueViolation, prepared, preparedStatementName, Prisma, sqlTransaction } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { enqueueEmails } from "@/lib/mail";
import { countEmailJobs, inviteRequest, jobsForMessage, uniqueAddress } from "../mail/helpers";

class RollBack extends Error {}

async function newVendor(name: string) {
  return db.vendor.create({ data: { name, website: "https://sql-tx.example" } });
}

beforeAll(async () => {
  await getBoss();
});

describe("sqlTransaction", () => {
  it("commits every statement together, tagged templates and Prisma.sql alike, with pg's types", async () => {
    const vendor = await newVendor("Committed");
    const to = uniqueAddress("sql-tx-commit");
    const result = await sqlTransaction(async (tx) => {
      const [group] = await tx.$queryRaw<{ id: string; created_at: Date; n: number }[]>`
        INSERT INTO groups (vendor_id, name, join_key) VALUES (${vendor.id}::uuid, ${"Gold"}, ${`join-${vendor.id}`})
        RETURNING id::text, created_at, 1::int AS n`;
      const updated = await tx.$executeRaw(Prisma.sql`UPDATE groups SET destination_url = ${"https://sql-tx.example/top"} WHERE id = ${group!.id}::uuid`);
      const { ids } = await enqueueEmails(tx, [{ ...inviteRequest(to), vendorId: vendor.id }]);
      // No statement of the transaction runs or waits longer than a minute.
      const [setting] = await tx.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
      return { group: group!, updated, emailId: ids[0]!, timeout: setting!.statement_timeout };
    });

    expect(result.group.created_at).toBeInstanceOf(Date);
    expect(result.timeout).toBe("1min");
    expect(result.group.n).toBe(1);
    expect(result.updated).toBe(1);
    expect(await db.group.findUniqueOrThrow({ where: { id: result.group.id } })).toMatchObject({ name: "Gold", destinationUrl: "https://sql-tx.example/top" });
    // The outbox row and its job (pg-boss's statements, through the same transaction) both committed.
    expect(await db.emailMessage.count({ where: { id: result.emailId, to } })).toBe(1);
    expect(await jobsForMessage(result.emailId)).toHaveLength(1);
  });

  it("rolls everything back and rethrows when the work throws", async () => {
    const vendor = await newVendor("Rolled back");
    const to = uniqueAddress("sql-tx-rollback");
    const jobsBefore = await countEmailJobs();
    await expect(
      sqlTransaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO groups (vendor_id, name, join_key) VALUES (${vendor.id}::uuid, ${"Gold"}, ${`join-${vendor.id}`})`;
        await enqueueEmails(tx, [{ ...inviteRequest(to), vendorId: vendor.id }]);
        throw new RollBack();
      }),
    ).rejects.toBeInstanceOf(RollBack);

    expect(await db.group.count({ where: { vendorId: vendor.id } })).toBe(0);
    expect(await db.emailMessage.count({ where: { to } })).toBe(0);
    expect(await countEmailJobs()).toBe(jobsBefore);
  });

  it("a failing statement rolls back the transaction, and a unique violation is recognised by its constraint", async () => {
    const vendor = await newVendor("Unique");
    const joinKey = `join-${vendor.id}`;
    await db.group.create({ data: { vendorId: vendor.id, name: "Gold", joinKey: `${joinKey}-first` } });
    let error: unknown;
    try {
      await sqlTransaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO groups (vendor_id, name, join_key) VALUES (${vendor.id}::uuid, ${"Silver"}, ${joinKey})`;
        await tx.$executeRaw`INSERT INTO groups (vendor_id, name, join_key) VALUES (${vendor.id}::uuid, ${"Gold"}, ${`${joinKey}-2`})`;
      });
    } catch (caught) {
      error = caught;
    }
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, "name")).toBe(true);
    expect(isUniqueViolation(error, "join_key")).toBe(false);
    // Silver, written before the failing statement, went with it.
    expect((await db.group.findMany({ where: { vendorId: vendor.id }, select: { name: true } })).map((g) => g.name)).toEqual(["Gold"]);
  });

  it("prepares a marked statement once per connection, under the name Prisma's client gives it", async () => {
    const statement = (n: number) => prepared(Prisma.sql`SELECT ${n}::int + 1 AS next`);
    for (let n = 0; n < 12; n++) {
      const { rows, names } = await sqlTransaction(async (tx) => ({
        rows: await tx.$queryRaw<{ next: number }[]>(statement(n)),
        names: await tx.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements WHERE statement = ${statement(n).text}`,
      }));
      expect(rows).toEqual([{ next: n + 1 }]);
      // One statement on this connection, however often it ran here.
      expect(names).toEqual([{ name: preparedStatementName(statement(n).text) }]);
    }
    // The same text through Prisma, on connections that prepared it already: no clash.
    expect(await db.$queryRaw<{ next: number }[]>(statement(41))).toEqual([{ next: 42 }]);
  });

  it("leaves the connection's own settings as they were", async () => {
    await sqlTransaction((tx) => tx.$queryRaw`SELECT 1`);
    const settings = await Promise.all(
      Array.from({ length: 12 }, () => db.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`),
    );
    for (const [setting] of settings) expect(setting!.statement_timeout).toBe("0");
  });

  it("does not hand a connection whose session ended back to the pool", async () => {
    const ended = sqlTransaction((tx) => tx.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`);
    await expect(ended).rejects.toThrow();
    // Every connection the pool hands out afterwards works.
    for (let i = 0; i < 12; i++) {
      const [row] = await sqlTransaction((tx) => tx.$queryRaw<{ one: number }[]>`SELECT 1::int AS one`);
      expect(row).toEqual({ one: 1 });
    }
  });
});
