import { afterAll, describe, expect, it } from "vitest";
import { db, isUniqueViolation } from "@/lib/db";

describe("lib/db against the test database", () => {
  afterAll(async () => {
    await db.user.deleteMany({ where: { email: { endsWith: "@db-test.example" } } });
  });

  it("runs on its own migrated database", async () => {
    expect(process.env.DATABASE_URL).toMatch(/\/test_\d+_[0-9a-f]{8}$/);
    const [row] = await db.$queryRaw<{ current_database: string }[]>`SELECT current_database()`;
    expect(process.env.DATABASE_URL).toContain(row!.current_database);
    const migrations = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    expect(Number(migrations[0]!.n)).toBeGreaterThan(0);
    expect(await db.user.count()).toBe(0);
  });

  it("creates a user and reads it back, with the password hash omitted by default", async () => {
    const created = await db.user.create({
      data: { email: "ada@db-test.example", name: "Ada Lovelace", passwordHash: "not-a-real-hash" },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    const read = await db.user.findUniqueOrThrow({ where: { email: "ada@db-test.example" } });
    expect(read).toMatchObject({ id: created.id, name: "Ada Lovelace" });
    expect(read).not.toHaveProperty("passwordHash");

    const withHash = await db.user.findUniqueOrThrow({
      where: { id: created.id },
      omit: { passwordHash: false },
    });
    expect(withHash.passwordHash).toBe("not-a-real-hash");
  });

  it("reports a duplicate email as a unique violation", async () => {
    await db.user.create({ data: { email: "grace@db-test.example", name: "Grace" } });
    const error = await db.user
      .create({ data: { email: "grace@db-test.example", name: "Grace again" } })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, "email")).toBe(true);
  });
});
