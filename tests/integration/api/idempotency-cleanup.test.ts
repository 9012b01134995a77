import { beforeAll, describe, expect, it } from "vitest";
import { deleteExpiredIdempotencyKeys } from "@/lib/api/idempotency";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { queues } from "@/lib/jobs/queues";
import { startWorker } from "@/lib/jobs/worker";
import { createVendor, newAddress } from "../../support/factories";
import { call } from "./api-client";

const HOUR = 3600 * 1000;

async function stored(apiKeyId: string, key: string, createdAt: Date): Promise<void> {
  await db.apiIdempotencyKey.create({
    data: { apiKeyId, key, method: "POST", path: "/api/v2/partnerships", requestHash: "h", status: 200, body: { status: 200 }, createdAt },
  });
}

async function keysOf(apiKeyId: string): Promise<string[]> {
  const rows = await db.apiIdempotencyKey.findMany({ where: { apiKeyId }, select: { key: true }, orderBy: { key: "asc" } });
  return rows.map((row) => row.key);
}

describe("Idempotency-Key answers", () => {
  let apiKeyId: string;
  let secret: string;
  beforeAll(async () => {
    const created = await createApiKey((await createVendor("Idem Cleanup Co")).ctx, { name: "Cleanup" });
    apiKeyId = created.id;
    secret = created.key;
  });

  it("are deleted once older than 24 hours, and only then", async () => {
    const now = new Date();
    await stored(apiKeyId, "a-old", new Date(now.getTime() - 25 * HOUR));
    await stored(apiKeyId, "a-just-old", new Date(now.getTime() - 24 * HOUR - 1000));
    await stored(apiKeyId, "a-recent", new Date(now.getTime() - 23 * HOUR));
    // One made through the API a moment ago.
    const request = { key: secret, body: { email: newAddress("idem") }, headers: { "Idempotency-Key": "a-live" } };
    const answer = await call("POST", "/api/v2/partnerships", request);
    expect(answer.status).toBe(200);

    expect(await deleteExpiredIdempotencyKeys(now)).toBe(2);
    expect(await keysOf(apiKeyId)).toEqual(["a-live", "a-recent"]);
    // The live one still replays.
    const replay = await call("POST", "/api/v2/partnerships", request);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.json).toEqual(answer.json);
  });

  it("are cleaned on the job queue's schedule by the worker", { timeout: 60_000 }, async () => {
    await stored(apiKeyId, "b-old", new Date(Date.now() - 48 * HOUR));
    await stored(apiKeyId, "b-recent", new Date(Date.now() - HOUR));
    await startWorker();
    const boss = await getBoss();
    expect(await boss.getSchedules()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: queues.apiIdempotencyCleanup.name, cron: queues.apiIdempotencyCleanup.cron })]),
    );
    // What the cron adds at each scheduled time: one job on the queue, which a worker runs.
    await boss.send(queues.apiIdempotencyCleanup.name, {});
    await expect.poll(async () => (await keysOf(apiKeyId)).filter((key) => key.startsWith("b-")), { timeout: 30_000, interval: 250 }).toEqual(["b-recent"]);
  });
});
