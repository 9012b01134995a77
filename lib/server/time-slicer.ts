/**
 * Long CPU work inside a request holds its process's one JavaScript thread, and with it every other
 * request that process serves: other vendors' pages, the API, every partner's referral redirect.
 * Parsing and validating a 100,000-row import is such work (about a second). On a small machine
 * the app runs a single app server process (scripts/lib/cluster.ts), so nothing else would be
 * answered meanwhile.
 *
 * Work like that runs in slices: it asks `due()` between items and, when the slice has run its
 * time, `await`s `pause()`, which gives the event loop one turn (setImmediate: after the I/O that
 * is waiting) before the next slice. A slice of a few milliseconds keeps other requests' added
 * latency at that, and costs the long work next to nothing.
 *
 *   const slicer = new TimeSlicer();
 *   for (const item of items) {
 *     if (slicer.due()) await slicer.pause();
 *     work(item);
 *   }
 */
export const SLICE_MS = 8;

export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Whether the current slice has run its time. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** One turn of the event loop, then a new slice. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
