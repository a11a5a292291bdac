/** A binary min-heap of (priority, value) with insertion order breaking ties, so pops are deterministic. */
export class MinHeap {
  private pri: number[] = [];
  private seq: number[] = [];
  private val: number[] = [];
  private counter = 0;

  get size(): number {
    return this.pri.length;
  }

  push(priority: number, value: number): void {
    this.pri.push(priority);
    this.seq.push(this.counter++);
    this.val.push(value);
    let i = this.pri.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes the smallest entry; returns [priority, value] or undefined when empty. */
  pop(): [number, number] | undefined {
    const n = this.pri.length;
    if (n === 0) return undefined;
    const top: [number, number] = [this.pri[0], this.val[0]];
    const lastP = this.pri.pop() as number;
    const lastS = this.seq.pop() as number;
    const lastV = this.val.pop() as number;
    if (n > 1) {
      this.pri[0] = lastP;
      this.seq[0] = lastS;
      this.val[0] = lastV;
      let i = 0;
      const m = n - 1;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let s = i;
        if (l < m && this.less(l, s)) s = l;
        if (r < m && this.less(r, s)) s = r;
        if (s === i) break;
        this.swap(i, s);
        i = s;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.pri[a] < this.pri[b] || (this.pri[a] === this.pri[b] && this.seq[a] < this.seq[b]);
  }

  private swap(a: number, b: number): void {
    [this.pri[a], this.pri[b]] = [this.pri[b], this.pri[a]];
    [this.seq[a], this.seq[b]] = [this.seq[b], this.seq[a]];
    [this.val[a], this.val[b]] = [this.val[b], this.val[a]];
  }
}
