/**
 * Directed road graph in compressed sparse row (CSR) form plus its reverse, all in typed arrays,
 * so a million-node city fits in ~100 MB and searches touch contiguous memory.
 * Edge ids are the forward CSR slots: the out-edges of v are firstOut[v] .. firstOut[v+1]-1.
 */
export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly firstOut: Uint32Array;
  readonly edgeSource: Uint32Array;
  readonly edgeTarget: Uint32Array;
  /** Travel time of each edge in seconds. */
  readonly edgeSeconds: Float32Array;
  /** Length of each edge in metres. */
  readonly edgeMetres: Float32Array;
  /** Reverse CSR: the in-edges of v are slots firstIn[v] .. firstIn[v+1]-1 of the in* arrays. */
  readonly firstIn: Uint32Array;
  readonly inSource: Uint32Array;
  /** Copy of edgeSeconds in reverse order, so backward searches read weights sequentially. */
  readonly inSeconds: Float32Array;
  /** Forward edge id of each reverse slot. */
  readonly inEdge: Uint32Array;
}

/** Nodes and directed edges in any order: the input of buildRoadGraph. */
export interface RoadNetworkInput {
  readonly lat: ArrayLike<number>;
  readonly lon: ArrayLike<number>;
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
  readonly seconds: ArrayLike<number>;
  readonly metres: ArrayLike<number>;
}

/** Growable list of directed edges, filled by importers and generators before buildRoadGraph. */
export class EdgeList {
  from = new Uint32Array(1024);
  to = new Uint32Array(1024);
  seconds = new Float64Array(1024);
  metres = new Float64Array(1024);
  length = 0;

  /** Appends the directed edge from → to. */
  add(from: number, to: number, seconds: number, metres: number): void {
    if (this.length === this.from.length) this.grow();
    const i = this.length++;
    this.from[i] = from;
    this.to[i] = to;
    this.seconds[i] = seconds;
    this.metres[i] = metres;
  }

  /** The edges as a RoadNetworkInput over the given node coordinates (views, not copies). */
  toInput(lat: ArrayLike<number>, lon: ArrayLike<number>): RoadNetworkInput {
    const n = this.length;
    return {
      lat,
      lon,
      from: this.from.subarray(0, n),
      to: this.to.subarray(0, n),
      seconds: this.seconds.subarray(0, n),
      metres: this.metres.subarray(0, n),
    };
  }

  private grow(): void {
    const size = this.from.length * 2;
    this.from = copyInto(new Uint32Array(size), this.from);
    this.to = copyInto(new Uint32Array(size), this.to);
    this.seconds = copyInto(new Float64Array(size), this.seconds);
    this.metres = copyInto(new Float64Array(size), this.metres);
  }
}

function copyInto<T extends Uint32Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

/** Builds the forward and reverse CSR graph; self-loops are dropped, invalid input throws. */
export function buildRoadGraph(input: RoadNetworkInput): RoadGraph {
  const n = input.lat.length;
  if (input.lon.length !== n) throw new RangeError('lat and lon differ in length');
  validateNodes(input.lat, input.lon);
  const keep = validEdges(input, n);
  const m = keep.length;
  const firstOut = new Uint32Array(n + 1);
  for (const i of keep) firstOut[input.from[i]! + 1]!++;
  for (let v = 0; v < n; v++) firstOut[v + 1]! += firstOut[v]!;
  const fill = firstOut.slice(0, n);
  const edgeSource = new Uint32Array(m);
  const edgeTarget = new Uint32Array(m);
  const edgeSeconds = new Float32Array(m);
  const edgeMetres = new Float32Array(m);
  // Counting sort by source, stable, so equal inputs always give identical graphs.
  for (const i of keep) {
    const u = input.from[i]!;
    const e = fill[u]!++;
    edgeSource[e] = u;
    edgeTarget[e] = input.to[i]!;
    edgeSeconds[e] = input.seconds[i]!;
    edgeMetres[e] = input.metres[i]!;
  }
  const lat = Float64Array.from(input.lat);
  const lon = Float64Array.from(input.lon);
  return withReverse({
    nodeCount: n,
    edgeCount: m,
    lat,
    lon,
    firstOut,
    edgeSource,
    edgeTarget,
    edgeSeconds,
    edgeMetres,
  });
}

/** The forward half of a RoadGraph, from which the reverse half is derived. */
export type ForwardGraph = Pick<
  RoadGraph,
  | 'nodeCount'
  | 'edgeCount'
  | 'lat'
  | 'lon'
  | 'firstOut'
  | 'edgeSource'
  | 'edgeTarget'
  | 'edgeSeconds'
  | 'edgeMetres'
>;

/** Adds the reverse CSR (counting sort of the edges by target) to a forward graph. */
export function withReverse(g: ForwardGraph): RoadGraph {
  const n = g.nodeCount;
  const m = g.edgeCount;
  const firstIn = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) firstIn[g.edgeTarget[e]! + 1]!++;
  for (let v = 0; v < n; v++) firstIn[v + 1]! += firstIn[v]!;
  const fill = firstIn.slice(0, n);
  const inSource = new Uint32Array(m);
  const inSeconds = new Float32Array(m);
  const inEdge = new Uint32Array(m);
  for (let e = 0; e < m; e++) {
    const slot = fill[g.edgeTarget[e]!]!++;
    inSource[slot] = g.edgeSource[e]!;
    inSeconds[slot] = g.edgeSeconds[e]!;
    inEdge[slot] = e;
  }
  return { ...g, firstIn, inSource, inSeconds, inEdge };
}

function validateNodes(lat: ArrayLike<number>, lon: ArrayLike<number>): void {
  for (let v = 0; v < lat.length; v++) {
    const a = lat[v]!;
    const o = lon[v]!;
    if (!(a >= -90 && a <= 90 && o >= -180 && o <= 180)) throw new RangeError(`node ${v}: bad coordinate`);
  }
}

function validEdges(input: RoadNetworkInput, n: number): Uint32Array {
  const { from, to, seconds, metres } = input;
  const m = from.length;
  if (to.length !== m || seconds.length !== m || metres.length !== m) {
    throw new RangeError('edge arrays differ in length');
  }
  const keep = new Uint32Array(m);
  let kept = 0;
  for (let i = 0; i < m; i++) {
    const u = from[i]!;
    const v = to[i]!;
    if (!Number.isInteger(u) || !Number.isInteger(v) || u < 0 || v < 0 || u >= n || v >= n) {
      throw new RangeError(`edge ${i}: node out of range`);
    }
    if (
      !(
        seconds[i]! >= 0 &&
        seconds[i]! < Number.POSITIVE_INFINITY &&
        metres[i]! >= 0 &&
        metres[i]! < Number.POSITIVE_INFINITY
      )
    ) {
      throw new RangeError(`edge ${i}: weight must be finite and non-negative`);
    }
    if (u !== v) keep[kept++] = i; // a self-loop never shortens a path
  }
  return keep.subarray(0, kept);
}

/** Bytes held by the graph's typed arrays. */
export function graphByteSize(g: RoadGraph): number {
  return [
    g.lat,
    g.lon,
    g.firstOut,
    g.edgeSource,
    g.edgeTarget,
    g.edgeSeconds,
    g.edgeMetres,
    g.firstIn,
    g.inSource,
    g.inSeconds,
    g.inEdge,
  ].reduce((sum, a) => sum + a.byteLength, 0);
}

/** Renumbers nodes: newToOld[newId] = oldId for every kept node; edges between kept nodes survive. */
export function renumberNodes(g: RoadGraph, newToOld: Uint32Array): RoadGraph {
  const k = newToOld.length;
  const oldToNew = new Int32Array(g.nodeCount).fill(-1);
  for (let i = 0; i < k; i++) oldToNew[newToOld[i]!] = i;
  const lat = new Float64Array(k);
  const lon = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    lat[i] = g.lat[newToOld[i]!]!;
    lon[i] = g.lon[newToOld[i]!]!;
  }
  const edges = new EdgeList();
  for (let i = 0; i < k; i++) {
    const old = newToOld[i]!;
    for (let e = g.firstOut[old]!; e < g.firstOut[old + 1]!; e++) {
      const t = oldToNew[g.edgeTarget[e]!]!;
      if (t >= 0) edges.add(i, t, g.edgeSeconds[e]!, g.edgeMetres[e]!);
    }
  }
  return buildRoadGraph(edges.toInput(lat, lon));
}
