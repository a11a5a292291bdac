/**
 * A map that keeps only its `capacity` most recently used entries: reading or writing an entry makes it the most
 * recent, and a write beyond capacity drops the least recent. For in-process caches of rows that never change once
 * written (a dataset version's records, a projection run's rows).
 * @example
 * const m = new RecentMap<string, number>(2);
 * m.set('a', 1); m.set('b', 2); m.get('a'); m.set('c', 3);
 * [...m.keys()] // ['a', 'c']
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.touch(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.touch(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  private touch(key: K, value: V): void {
    // A Map iterates in insertion order: re-inserting makes the entry the most recent.
    this.entries.delete(key);
    this.entries.set(key, value);
  }
}
