/**
 * Counts failed authentications in a sliding window per key, so one client repeating a bad token is answered 429
 * without slowing anyone else. The guard checks a presented token before it asks this, so a valid token is never
 * refused here, however many bad ones came from the same address (behind a proxy, that is everyone).
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Failures of `key` in the window. */
  count(key: string, now = Date.now()): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length) this.failures.set(key, recent);
    else this.failures.delete(key);
    return recent.length;
  }

  /** The first failure refused with 429: the one worth an audit entry (the rest of a flood are not). */
  get firstRefused(): number {
    return this.maxFailures + 1;
  }

  blocked(key: string, now = Date.now()): boolean {
    return this.count(key, now) >= this.maxFailures;
  }

  /** Records a failure; returns the failures of `key` in the window, this one included. */
  fail(key: string, now = Date.now()): number {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    list.push(now);
    this.failures.set(key, list);
    // Bounded memory under a flood of distinct keys: forgetting only ever lets a client try again sooner.
    if (this.failures.size > 10_000) this.failures.clear();
    return list.length;
  }
}
