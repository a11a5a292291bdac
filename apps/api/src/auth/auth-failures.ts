/**
 * Counts failed authentications per client address in a sliding window, so guessing tokens is slowed to a crawl
 * (429) without affecting clients that authenticate correctly.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
  ) {}

  blocked(key: string, now = Date.now()): boolean {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.failures.set(key, recent);
    return recent.length >= this.maxFailures;
  }

  fail(key: string, now = Date.now()): void {
    const list = this.failures.get(key) ?? [];
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > 10_000) this.failures.clear();
  }
}
