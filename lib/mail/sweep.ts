import "server-only";
import { db, Prisma } from "@/lib/db";
import { getBoss, JOBS_SCHEMA } from "@/lib/jobs/boss";
import { enqueueJobs } from "@/lib/jobs/enqueue";
import { queues } from "@/lib/jobs/queues";

/**
 * Re-enqueues QUEUED messages older than `olderThanSeconds` that have no live delivery job: a job
 * deleted by hand, or a queue emptied during an incident. Rows and jobs are written together, so
 * this finds nothing in normal operation; it is there so an email can never sit forever unsent.
 * Instances sweeping at the same moment are serialized by an advisory lock (the loser skips).
 */
export async function requeueLostEmails({ olderThanSeconds = 120, limit = 500 } = {}): Promise<number> {
  await getBoss();
  const liveJobStates = Prisma.sql`j.state IN ('created', 'retry', 'active')`;
  return db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ acquired: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext('partner-hub:requeue-lost-emails')) AS acquired`;
    if (!lock?.acquired) return 0;
    const lost = await tx.$queryRaw<{ id: string }[]>`
      SELECT m.id::text AS id
      FROM email_messages m
      WHERE m.status = 'QUEUED'
        AND m.created_at < now() - ${olderThanSeconds} * interval '1 second'
        AND NOT EXISTS (
          SELECT 1 FROM ${Prisma.raw(JOBS_SCHEMA)}.job j
          WHERE j.name IN (${queues.email.name}, ${queues.emailDeadLetter.name})
            AND ${liveJobStates}
            AND j.data->>'emailMessageId' = m.id::text
        )
      ORDER BY m.created_at
      LIMIT ${limit}`;
    await enqueueJobs(
      tx,
      queues.email,
      lost.map((row) => ({ emailMessageId: row.id })),
    );
    if (lost.length > 0) console.warn(`[mail] re-queued ${lost.length} email(s) that had no delivery job`);
    return lost.length;
  });
}
