import { describe, expect, it } from "vitest";
import { db, isUniqueViolation } from "@/lib/db";

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the write to fail");
}

describe("isUniqueViolation", () => {
  it("tells which constraint was violated, by its name", async () => {
    const vendor = await db.vendor.create({ data: { name: "V", website: "https://v.example" } });
    await db.group.create({ data: { vendorId: vendor.id, name: "Gold", joinKey: "join-key-1" } });

    const sameName = await errorOf(() => db.group.create({ data: { vendorId: vendor.id, name: "Gold", joinKey: "join-key-2" } }));
    expect(isUniqueViolation(sameName)).toBe(true);
    expect(isUniqueViolation(sameName, "name")).toBe(true);
    expect(isUniqueViolation(sameName, "join_key")).toBe(false);

    // A clash on another column must not read as "name taken" (the error's metadata also holds
    // keys such as modelName that contain "name").
    const sameJoinKey = await errorOf(() => db.group.create({ data: { vendorId: vendor.id, name: "Silver", joinKey: "join-key-1" } }));
    expect(isUniqueViolation(sameJoinKey, "join_key")).toBe(true);
    expect(isUniqueViolation(sameJoinKey, "name")).toBe(false);

    expect(isUniqueViolation(new Error("duplicate"))).toBe(false);
  });
});
