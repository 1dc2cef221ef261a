// Test-only reference: deliberately naive and independent of the engine's tricks. Positions on
// edges are modelled by physically splitting the edges into sub-edges through a new node.
import fc from 'fast-check';
import type { GraphPosition } from '../graph-position.ts';
import { positionOnEdge } from '../graph-position.ts';
import { buildRoadGraph, type RoadGraph } from '../road-graph.ts';

interface SubEdge {
  from: number;
  to: number;
  orig: number;
  a: number;
  b: number;
}

/** A plain edge list with extra nodes for positions; weights derive from the original edges. */
export class SplitGraph {
  nodeCount: number;
  private readonly edges: SubEdge[] = [];

  constructor(private readonly g: RoadGraph) {
    this.nodeCount = g.nodeCount;
    for (let e = 0; e < g.edgeCount; e++) {
      this.edges.push({ from: g.edgeSource[e]!, to: g.edgeTarget[e]!, orig: e, a: 0, b: 1 });
    }
  }

  /** Adds a node at a position, splitting its edge and its twin. */
  addPosition(p: GraphPosition): number {
    const x = this.nodeCount++;
    this.split(p.edge, p.fraction, x);
    if (p.twin >= 0) this.split(p.twin, 1 - p.fraction, x);
    // A point at an end of its edge is at that node.
    if (p.fraction === 0) this.join(x, this.g.edgeSource[p.edge]!);
    if (p.fraction === 1) this.join(x, this.g.edgeTarget[p.edge]!);
    return x;
  }

  private join(a: number, b: number): void {
    this.edges.push({ from: a, to: b, orig: -1, a: 0, b: 0 }, { from: b, to: a, orig: -1, a: 0, b: 0 });
  }

  /** Adds a node with zero-weight edges to the given nodes (a super source). */
  addSource(targets: number[]): number {
    const s = this.nodeCount++;
    for (const t of targets) this.edges.push({ from: s, to: t, orig: -1, a: 0, b: 0 });
    return s;
  }

  private readonly points = new Map<string, number>();

  private split(orig: number, f: number, x: number): void {
    // Two positions at the same place are one place: join them both ways instead of ordering them.
    const same = this.points.get(`${orig}@${f}`);
    if (same !== undefined) {
      this.join(x, same);
      return;
    }
    this.points.set(`${orig}@${f}`, x);
    const i = this.edges.findIndex((s) => s.orig === orig && s.a <= f && f <= s.b);
    const s = this.edges[i]!;
    this.edges.splice(i, 1, { ...s, to: x, b: f }, { ...s, from: x, a: f });
  }

  /** Shortest times from `source` to every node (textbook Dijkstra). */
  dijkstra(source: number): number[] {
    const adj: [number, number][][] = Array.from({ length: this.nodeCount }, () => []);
    for (const s of this.edges) {
      const w = s.orig < 0 ? 0 : (s.b - s.a) * this.g.edgeSeconds[s.orig]!;
      adj[s.from]!.push([s.to, w]);
    }
    const dist = new Array<number>(this.nodeCount).fill(Number.POSITIVE_INFINITY);
    const done = new Array<boolean>(this.nodeCount).fill(false);
    dist[source] = 0;
    const heap = new NaiveHeap();
    heap.push(0, source);
    while (heap.size() > 0) {
      const [d, v] = heap.pop();
      if (done[v]) continue;
      done[v] = true;
      for (const [w, c] of adj[v]!) {
        if (d + c < dist[w]!) {
          dist[w] = d + c;
          heap.push(d + c, w);
        }
      }
    }
    return dist;
  }
}

/** Textbook binary heap of [key, value] tuples on a plain JS array. */
class NaiveHeap {
  private readonly items: [number, number][] = [];

  size(): number {
    return this.items.length;
  }

  push(key: number, value: number): void {
    const a = this.items;
    a.push([key, value]);
    for (let i = a.length - 1; i > 0; ) {
      const p = Math.floor((i - 1) / 2);
      if (a[p]![0] <= a[i]![0]) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): [number, number] {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length === 0) return top;
    a[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l]![0] < a[m]![0]) m = l;
      if (r < a.length && a[r]![0] < a[m]![0]) m = r;
      if (m === i) break;
      [a[m], a[i]] = [a[i]!, a[m]!];
      i = m;
    }
    return top;
  }
}

/** Reference travel time between two positions. */
export function referenceSeconds(g: RoadGraph, from: GraphPosition, to: GraphPosition): number {
  const split = new SplitGraph(g);
  const a = split.addPosition(from);
  const b = split.addPosition(to);
  return split.dijkstra(a)[b]!;
}

/** Reference time from the nearest of several positions to every original node. */
export function referenceCoverage(g: RoadGraph, units: GraphPosition[]): number[] {
  const split = new SplitGraph(g);
  const xs = units.map((u) => split.addPosition(u));
  const s = split.addSource(xs);
  return split.dijkstra(s).slice(0, g.nodeCount);
}

/** Times agree up to float rounding (the engine adds in a different order). */
export function sameTime(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** fast-check arbitrary: a small random road graph with one-way and two-way roads. */
export const arbitraryGraph = fc
  .record({
    n: fc.integer({ min: 2, max: 24 }),
    roads: fc.array(
      fc.record({
        u: fc.nat(),
        v: fc.nat(),
        seconds: fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 300, noNaN: true })),
        twoWay: fc.boolean(),
        backSeconds: fc.option(fc.double({ min: 0.5, max: 300, noNaN: true }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 80 },
    ),
    coords: fc.array(
      fc.tuple(fc.double({ min: 0, max: 0.05, noNaN: true }), fc.double({ min: 0, max: 0.05, noNaN: true })),
      {
        minLength: 24,
        maxLength: 24,
      },
    ),
  })
  .map(({ n, roads, coords }) => {
    const from: number[] = [];
    const to: number[] = [];
    const seconds: number[] = [];
    for (const r of roads) {
      const u = r.u % n;
      const v = r.v % n;
      from.push(u);
      to.push(v);
      seconds.push(r.seconds);
      if (r.twoWay) {
        from.push(v);
        to.push(u);
        seconds.push(r.backSeconds ?? r.seconds); // a twin may be slower (e.g. uphill)
      }
    }
    const lat = coords.slice(0, n).map(([a]) => 43 + a);
    const lon = coords.slice(0, n).map(([, o]) => 7 + o);
    return buildRoadGraph({ lat, lon, from, to, seconds, metres: seconds.map((s) => s * 10) });
  })
  .filter((g) => g.edgeCount > 0);

/** fast-check arbitrary: a raw position choice, resolved against a graph by `resolvePosition`. */
export const arbitraryPositionChoice = fc.record({
  edge: fc.nat(),
  fraction: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
});

/** Turns a raw choice into a real position on the graph. */
export function resolvePosition(g: RoadGraph, c: { edge: number; fraction: number }): GraphPosition {
  return positionOnEdge(g, c.edge % g.edgeCount, c.fraction);
}
