/**
 * A binary min-heap of (node, key) pairs in growable typed arrays, for Dijkstra. Decrease-key is done lazily (a node
 * may be pushed again with a smaller key; stale entries are skipped by the caller), which keeps the heap two flat
 * arrays instead of a position map of the node count's size.
 */
export class NodeHeap {
  private keys: Float64Array;
  private nodes: Uint32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Uint32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  push(node: number, key: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.keys.length * 2);
      k.set(this.keys);
      const n = new Uint32Array(this.nodes.length * 2);
      n.set(this.nodes);
      this.keys = k;
      this.nodes = n;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.keys[i] = this.keys[p];
      this.nodes[i] = this.nodes[p];
      i = p;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  /** Key of the top entry (Infinity when empty). */
  peekKey(): number {
    return this.size > 0 ? this.keys[0] : Infinity;
  }

  /** Removes the top entry and returns its node; read its key with peekKey() first. */
  pop(): number {
    const top = this.nodes[0];
    const n = --this.size;
    if (n > 0) {
      const key = this.keys[n];
      const node = this.nodes[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.keys[c + 1] < this.keys[c]) c++;
        if (this.keys[c] >= key) break;
        this.keys[i] = this.keys[c];
        this.nodes[i] = this.nodes[c];
        i = c;
      }
      this.keys[i] = key;
      this.nodes[i] = node;
    }
    return top;
  }
}
