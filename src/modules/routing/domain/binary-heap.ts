/**
 * Min-heap of (key, id) pairs on two parallel typed arrays, with lazy deletion: a caller that
 * improves an id's key pushes it again and skips stale entries when they surface. That avoids
 * a graph-sized position index and is as fast as decrease-key in practice on road graphs.
 */
export class MinHeap {
  private keys: Float64Array;
  private ids: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  /** Empties the heap, keeping its buffers. */
  clear(): void {
    this.size = 0;
  }

  /** Smallest key; only meaningful when size > 0. */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Adds an entry. */
  push(id: number, key: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const ids = this.ids;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk <= key) break;
      keys[i] = pk;
      ids[i] = ids[parent]!;
      i = parent;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** Removes the entry with the smallest key and returns its id (read peekKey first for the key). */
  pop(): number {
    const keys = this.keys;
    const ids = this.ids;
    const top = ids[0]!;
    const last = --this.size;
    if (last === 0) return top;
    const key = keys[last]!;
    const id = ids[last]!;
    const half = last >> 1;
    let i = 0;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < last && keys[right]! < keys[child]!) child = right;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      ids[i] = ids[child]!;
      i = child;
    }
    keys[i] = key;
    ids[i] = id;
    return top;
  }

  /** Bytes held by the heap's buffers. */
  byteSize(): number {
    return this.keys.byteLength + this.ids.byteLength;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const ids = new Int32Array(this.ids.length * 2);
    keys.set(this.keys);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}
