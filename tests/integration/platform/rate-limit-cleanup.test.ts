import { describe, expect, it } from "vitest";
import { consumeRateLimit, deleteExpiredRateLimits } from "@/lib/auth/rate-limit";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { queues } from "@/lib/jobs/queues";
import { startWorker } from "@/lib/jobs/worker";
import { createVendor } from "../../support/factories";

async function counter(key: string, expire: number | null): Promise<void> {
  await db.rateLimit.create({ data: { key, points: 3, expire: expire === null ? null : BigInt(expire) } });
}

async function keys(prefix: string): Promise<string[]> {
  const rows = await db.rateLimit.findMany({ where: { key: { startsWith: prefix } }, select: { key: true }, orderBy: { key: "asc" } });
  return rows.map((row) => row.key);
}

describe("rate-limit counters", () => {
  it("are deleted once their window has passed, and only then", async () => {
    const now = Date.now();
    await counter("cleanup-a:expired", now - 60_000);
    await counter("cleanup-a:just-expired", now - 1);
    await counter("cleanup-a:live", now + 60_000);
    await consumeRateLimit("cleanup-a-live-limiter", "someone", 5, 3600, "Too many.");

    expect(await deleteExpiredRateLimits(new Date(now))).toBeGreaterThanOrEqual(2);
    expect(await keys("cleanup-a")).toEqual(["cleanup-a-live-limiter:someone", "cleanup-a:live"]);
    // A counter that was used stays usable after the clean-up: it still counts.
    await consumeRateLimit("cleanup-a-live-limiter", "someone", 2, 3600, "Too many.");
    await expect(consumeRateLimit("cleanup-a-live-limiter", "someone", 2, 3600, "Too many.")).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("are cleaned on the job queue's schedule by the worker", { timeout: 60_000 }, async () => {
    await counter("cleanup-b:expired", Date.now() - 60_000);
    await counter("cleanup-b:live", Date.now() + 3_600_000);
    // The partner-email quota's per-minute counts older than any window go with the same job.
    const vendor = await createVendor("Cleanup Minutes");
    await db.partnerEmailMinute.create({ data: { vendorId: vendor.vendorId, minute: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000), emails: 3 } });
    await startWorker();
    const boss = await getBoss();
    const schedules = await boss.getSchedules();
    expect(schedules).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: queues.rateLimitCleanup.name, cron: queues.rateLimitCleanup.cron })]),
    );
    // What the cron adds at each scheduled time: one job on the queue, which a worker runs.
    await boss.send(queues.rateLimitCleanup.name, {});
    await expect.poll(() => keys("cleanup-b"), { timeout: 30_000, interval: 250 }).toEqual(["cleanup-b:live"]);
    await expect.poll(() => db.partnerEmailMinute.count({ where: { vendorId: vendor.vendorId } }), { timeout: 30_000, interval: 250 }).toBe(0);
  });
});
