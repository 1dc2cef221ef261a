import { MinHeap } from './binary-heap.ts';

/** One direction of the graph as seen by a search: CSR offsets, neighbour per slot, seconds per slot. */
export interface Adjacency {
  readonly offsets: Uint32Array;
  readonly heads: Uint32Array;
  readonly weights: Float32Array;
}

/**
 * Reusable state of a Dijkstra search over one graph. Graph-sized arrays are allocated once;
 * a generation stamp marks which entries belong to the current search, so starting a search
 * costs O(1) instead of clearing O(nodes). Besides nodes, a search has "targets": points on
 * edges (units, an incident) that are reached from nodes with an extra offset and are settled
 * in the same heap as nodes (heap ids >= nodeCount), so settling order is exact time order.
 * Not reentrant: one search at a time (searches are synchronous, so one per process is fine).
 */
export class SearchWorkspace {
  readonly dist: Float64Array;
  /** Adjacency slot through which each node was last reached; -1 for a seed. */
  readonly parent: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly headStamp: Uint32Array;
  private readonly head: Int32Array;
  private gen = 0;
  private readonly heap = new MinHeap();
  targetDist = new Float64Array(64);
  /** Node from which each target was reached, or -1 if reached directly from a seed position. */
  targetVia = new Int32Array(64);
  /** Targets in the order they were settled (nearest first). */
  settled = new Int32Array(64);
  settledCount = 0;
  settledNodes = 0;
  private attachNext = new Int32Array(128);
  private attachTarget = new Int32Array(128);
  private attachOffset = new Float64Array(128);
  private attachCount = 0;

  constructor(readonly nodeCount: number) {
    this.dist = new Float64Array(nodeCount);
    this.parent = new Int32Array(nodeCount);
    this.stamp = new Uint32Array(nodeCount);
    this.headStamp = new Uint32Array(nodeCount);
    this.head = new Int32Array(nodeCount);
  }

  /** Starts a new search with `targetCount` targets, all unreached. */
  begin(targetCount: number): void {
    if (this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.headStamp.fill(0);
      this.gen = 0;
    }
    this.gen++;
    this.heap.clear();
    this.attachCount = 0;
    this.settledCount = 0;
    this.settledNodes = 0;
    if (this.targetDist.length < targetCount) {
      const size = Math.max(targetCount, this.targetDist.length * 2);
      this.targetDist = new Float64Array(size);
      this.targetVia = new Int32Array(size);
      this.settled = new Int32Array(size);
    }
    this.targetDist.fill(Number.POSITIVE_INFINITY, 0, targetCount);
    this.targetVia.fill(-1, 0, targetCount);
  }

  /** Whether the current search has reached node v (its dist is then valid). */
  reached(v: number): boolean {
    return this.stamp[v] === this.gen;
  }

  /** Offers node v at `seconds` as a starting point. */
  seed(v: number, seconds: number): void {
    if (this.stamp[v] !== this.gen || seconds < this.dist[v]!) {
      this.stamp[v] = this.gen;
      this.dist[v] = seconds;
      this.parent[v] = -1;
      this.heap.push(v, seconds);
    }
  }

  /** Declares that target t is reached `offset` seconds after node v is. */
  attach(v: number, t: number, offset: number): void {
    if (this.attachCount === this.attachNext.length) this.growAttachments();
    const a = this.attachCount++;
    this.attachTarget[a] = t;
    this.attachOffset[a] = offset;
    this.attachNext[a] = this.headStamp[v] === this.gen ? this.head[v]! : -1;
    this.headStamp[v] = this.gen;
    this.head[v] = a;
  }

  /** Offers target t at `seconds`, reached from node `via` (-1: directly from a seed position). */
  offerTarget(t: number, seconds: number, via: number): void {
    if (seconds < this.targetDist[t]!) {
      this.targetDist[t] = seconds;
      this.targetVia[t] = via;
      this.heap.push(this.nodeCount + t, seconds);
    }
  }

  /** Runs Dijkstra until the heap empties, the next key exceeds maxSeconds, or stopAfter targets settle. */
  run(adj: Adjacency, maxSeconds: number, stopAfter: number): void {
    const { offsets, heads, weights } = adj;
    const { dist, stamp, parent, heap, nodeCount } = this;
    const gen = this.gen;
    if (stopAfter <= 0) return;
    while (heap.size > 0) {
      const key = heap.peekKey();
      if (key > maxSeconds) break;
      const id = heap.pop();
      if (id >= nodeCount) {
        if (key > this.targetDist[id - nodeCount]!) continue; // stale entry
        this.settled[this.settledCount++] = id - nodeCount;
        if (this.settledCount >= stopAfter) break;
        continue;
      }
      if (key > dist[id]!) continue; // stale entry
      this.settledNodes++;
      if (this.headStamp[id] === gen) this.reachTargets(id, key);
      const end = offsets[id + 1]!;
      for (let i = offsets[id]!; i < end; i++) {
        const v = heads[i]!;
        const c = key + weights[i]!;
        if (c <= maxSeconds && (stamp[v] !== gen || c < dist[v]!)) {
          stamp[v] = gen;
          dist[v] = c;
          parent[v] = i;
          heap.push(v, c);
        }
      }
    }
  }

  /** Bytes held by the workspace's buffers. */
  byteSize(): number {
    const arrays = [
      this.dist,
      this.parent,
      this.stamp,
      this.headStamp,
      this.head,
      this.targetDist,
      this.targetVia,
      this.settled,
      this.attachNext,
      this.attachTarget,
      this.attachOffset,
    ];
    return arrays.reduce((s, a) => s + a.byteLength, 0) + this.heap.byteSize();
  }

  private reachTargets(v: number, seconds: number): void {
    for (let a = this.head[v]!; a >= 0; a = this.attachNext[a]!) {
      this.offerTarget(this.attachTarget[a]!, seconds + this.attachOffset[a]!, v);
    }
  }

  private growAttachments(): void {
    const size = this.attachNext.length * 2;
    const next = new Int32Array(size);
    const target = new Int32Array(size);
    const offset = new Float64Array(size);
    next.set(this.attachNext);
    target.set(this.attachTarget);
    offset.set(this.attachOffset);
    this.attachNext = next;
    this.attachTarget = target;
    this.attachOffset = offset;
  }
}
