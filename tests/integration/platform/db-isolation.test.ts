import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";

// Runs beside db.test.ts: each file has its own database, so neither sees the other's rows.
describe("per-file databases", () => {
  it("starts empty and keeps its writes to itself", async () => {
    expect(await db.user.count()).toBe(0);
    await db.vendor.create({ data: { name: "Isolated Co", website: "https://isolated.example" } });
    expect(await db.vendor.count()).toBe(1);
  });
});
