/**
 * A small per-instance LRU of code -> resolution, so a busy link costs one database query per TTL
 * instead of one per visit. Entries live only a few seconds because a deactivation or a group move
 * made on another instance cannot reach this cache: a deactivated link may still redirect for up to
 * `ttlMs` on instances that resolved it just before. Unknown codes are cached too (a scan of random
 * codes then costs one query per code, and the size bound keeps memory flat).
 */
export class ResolutionCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): { value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value };
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
