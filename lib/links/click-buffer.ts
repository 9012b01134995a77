import "server-only";
import { describeError } from "@/lib/server/log-error";

export interface Click {
  linkId: string;
  clickedAt: Date;
  referrerHost: string | null;
  visitorHash: string | null;
}

export type ClickWriter = (clicks: Click[]) => Promise<void>;

export interface ClickBufferOptions {
  /** Write at least this often while clicks are waiting. */
  flushIntervalMs: number;
  /** Write at once when this many clicks are waiting; also the most one statement writes. */
  batchSize: number;
  /**
   * The most clicks held in memory, counting the batch being written: while the database refuses or
   * hangs, the oldest queued clicks beyond it are dropped (and counted in a log line).
   */
  maxPending: number;
  write: ClickWriter;
  /** Wait before retrying a failed write, growing up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * Clicks queued in memory and written in batches, so a redirect never waits on an insert. A batch is
 * written when `batchSize` clicks are waiting or `flushIntervalMs` after the first one arrived,
 * whichever comes first; one write at a time. A failed write keeps its clicks (in order, ahead of newer
 * ones) and is retried with a growing delay; only when `maxPending` is exceeded during a long outage
 * are the oldest dropped, so memory stays bounded. The bound holds while a write hangs too (the
 * database stuck rather than refusing): the batch being written counts against it, and clicks
 * arriving meanwhile push the oldest queued ones out. The writer must time out (the link pool does).
 */
export class ClickBuffer {
  private pending: Click[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private failures = 0;
  /** Clicks in the batch being written: they count against `maxPending`. */
  private inFlight = 0;
  private dropped = 0;
  private droppedLogged = 0;
  private dropLogAt = 0;
  /** Promises handed out by add(), oldest first; the last one is open until the next batch is cut. */
  private waiters: { upTo: number; open: boolean; promise: Promise<void>; resolve: () => void }[] = [];
  /** Clicks ever accepted, and clicks written or dropped: a waiter up to click n resolves once n is settled. */
  private accepted = 0;
  private settled = 0;

  constructor(private readonly options: ClickBufferOptions) {}

  /**
   * Queues a click. `written` settles once it is in the database (or given up); it never rejects and is
   * shared by every click queued before the next batch is cut, so `first` tells the one caller per
   * batch that needs to hold on to it (e.g. to make shutdown wait for it).
   */
  add(click: Click): { written: Promise<void>; first: boolean } {
    this.pending.push(click);
    this.accepted += 1;
    this.trim();
    let waiter = this.waiters.at(-1);
    const first = !waiter?.open;
    if (!waiter || !waiter.open) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      waiter = { upTo: this.accepted, open: true, promise, resolve };
      this.waiters.push(waiter);
    } else {
      waiter.upTo = this.accepted;
    }
    this.flushSoon(this.pending.length >= this.options.batchSize ? 0 : this.options.flushIntervalMs);
    return { written: waiter.promise, first };
  }

  /** Clicks not written yet (queued or being written). */
  get size(): number {
    return this.accepted - this.settled;
  }

  /** Writes everything queued so far, retrying failed writes until they succeed or `deadlineMs` passes. */
  async flush(deadlineMs = Number.POSITIVE_INFINITY): Promise<void> {
    const start = Date.now();
    const target = this.accepted;
    while (this.settled < target) {
      const failuresBefore = this.failures;
      await this.writeOnce();
      if (this.settled >= target) break;
      const left = deadlineMs - (Date.now() - start);
      if (left <= 0) break;
      if (this.failures > failuresBefore) await new Promise((resolve) => setTimeout(resolve, Math.min(this.retryDelay(), left)));
    }
  }

  private retryDelay(): number {
    const base = this.options.retryDelayMs ?? 500;
    return Math.min(base * 2 ** Math.max(0, this.failures - 1), this.options.maxRetryDelayMs ?? 10_000);
  }

  private flushSoon(delayMs: number): void {
    if (this.writing) return; // the running write schedules the next one when it ends
    if (this.timer) {
      if (delayMs > 0) return; // already due
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeOnce();
    }, delayMs);
    // Waiting clicks must not keep a finished process alive; shutdown flushes explicitly.
    this.timer.unref?.();
  }

  /**
   * Writes the oldest `batchSize` clicks. They leave the queue while being written and go back to its
   * front if the write fails, so order is kept and nothing is written twice. Never rejects.
   */
  private writeOnce(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.pending.length === 0) return Promise.resolve();
    const batch = this.pending.splice(0, this.options.batchSize);
    const open = this.waiters.at(-1);
    if (open) open.open = false;
    this.inFlight = batch.length;
    this.writing = Promise.resolve()
      .then(() => this.options.write(batch))
      .then(
        () => {
          this.writing = undefined;
          this.inFlight = 0;
          this.failures = 0;
          this.settle(batch.length);
          this.logDrops(true);
        },
        (error: unknown) => {
          this.writing = undefined;
          this.inFlight = 0;
          this.failures += 1;
          if (this.failures === 1 || this.failures % 20 === 0) {
            console.error(`[links] writing ${batch.length} clicks failed (attempt ${this.failures}, ${this.size} waiting); retrying: ${describeError(error)}`);
          }
          this.pending.unshift(...batch);
          this.trim();
        },
      )
      .then(() => {
        // Whoever started this write, clicks that arrived meanwhile get their turn.
        if (this.pending.length === 0) return;
        if (this.failures > 0) this.flushSoon(this.retryDelay());
        else this.flushSoon(this.pending.length >= this.options.batchSize ? 0 : this.options.flushIntervalMs);
      });
    return this.writing;
  }

  /**
   * Bounds memory during a long outage by dropping the oldest queued clicks beyond `maxPending`. A
   * batch out being written is older still, but it may yet succeed: it counts against the bound and
   * is not dropped itself; if it fails it comes back to the front and the next trim takes from it.
   */
  private trim(): void {
    const excess = Math.min(this.pending.length, this.pending.length + this.inFlight - this.options.maxPending);
    if (excess <= 0) return;
    this.pending.splice(0, excess);
    this.dropped += excess;
    this.settle(excess);
    this.logDrops(false);
  }

  /** Clicks dropped because the queue was full, since this process started. */
  get droppedCount(): number {
    return this.dropped;
  }

  /**
   * One log line for the drops, not one per click: at the first drop, then at most every 10 s while
   * dropping goes on, and once more (`final`) when a write succeeds again.
   */
  private logDrops(final: boolean): void {
    if (this.dropped === this.droppedLogged) return;
    const now = Date.now();
    if (!final && this.droppedLogged > 0 && now - this.dropLogAt < 10_000) return;
    this.dropLogAt = now;
    this.droppedLogged = this.dropped;
    const state = final ? "writing again" : `${this.size} waiting`;
    console.error(`[links] click queue full (${this.options.maxPending} at most): ${this.dropped} clicks dropped so far while the database was unavailable (${state})`);
  }

  private settle(count: number): void {
    this.settled += count;
    let i = 0;
    while (i < this.waiters.length && this.waiters[i]!.upTo <= this.settled) {
      this.waiters[i]!.resolve();
      i += 1;
    }
    if (i > 0) this.waiters.splice(0, i);
  }
}
