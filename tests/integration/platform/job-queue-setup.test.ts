import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startBoss } from "@/lib/jobs/boss";
import { ALL_QUEUES } from "@/lib/jobs/queues";

describe("job queue set-up", () => {
  it("lets several server processes set up the queue on a new database at the same moment", { timeout: 60_000 }, async () => {
    // Each call is what one app server process does when it starts: its own pg-boss, its own pool.
    const results = await Promise.allSettled([startBoss(), startBoss(), startBoss(), startBoss()]);
    const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    try {
      expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const queues = await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM pgboss.queue ORDER BY name");
      expect(queues.map((q) => q.name)).toEqual(expect.arrayContaining(ALL_QUEUES.map((q) => q.name)));
    } finally {
      await Promise.all(started.map((boss) => boss.stop({ graceful: false, wait: true })));
    }
  });
});
