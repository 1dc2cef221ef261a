import type { RoadGraph } from './road-graph.ts';

/**
 * A point on the road network: on directed edge `edge` at `fraction` (0 = its source node,
 * 1 = its target). `twin` is the opposite-direction edge over the same segment (the point is at
 * 1 - fraction along it), or -1 on a one-way segment. A vehicle there may leave either way the
 * segment allows (a U-turn mid-block is allowed; emergency vehicles do). A point at fraction 0
 * or 1 IS that end node: snapping near a junction often lands there, on whichever segment won
 * the tie, and that choice must not force a detour along a one-way segment.
 */
export interface GraphPosition {
  readonly edge: number;
  readonly fraction: number;
  readonly twin: number;
}

/** The fastest edge u → v, or -1 if there is none (parallel edges: the quickest one wins). */
export function fastestEdgeBetween(g: RoadGraph, u: number, v: number): number {
  let best = -1;
  for (let e = g.firstOut[u]!; e < g.firstOut[u + 1]!; e++) {
    if (g.edgeTarget[e] === v && (best < 0 || g.edgeSeconds[e]! < g.edgeSeconds[best]!)) best = e;
  }
  return best;
}

/** The opposite-direction edge over the same segment as `edge`, or -1 if the segment is one-way. */
export function twinOf(g: RoadGraph, edge: number): number {
  return fastestEdgeBetween(g, g.edgeTarget[edge]!, g.edgeSource[edge]!);
}

/** The position at `fraction` along `edge` (clamped to 0..1), with its twin looked up. */
export function positionOnEdge(g: RoadGraph, edge: number, fraction: number): GraphPosition {
  if (!Number.isInteger(edge) || edge < 0 || edge >= g.edgeCount) throw new RangeError(`no edge ${edge}`);
  return { edge, fraction: Math.min(1, Math.max(0, fraction)), twin: twinOf(g, edge) };
}

/** Throws unless the position refers to real edges of this graph with a fraction in 0..1. */
export function assertPosition(g: RoadGraph, p: GraphPosition): void {
  const ok =
    Number.isInteger(p.edge) &&
    p.edge >= 0 &&
    p.edge < g.edgeCount &&
    p.fraction >= 0 &&
    p.fraction <= 1 &&
    (p.twin === -1 ||
      (Number.isInteger(p.twin) &&
        p.twin >= 0 &&
        p.twin < g.edgeCount &&
        g.edgeSource[p.twin] === g.edgeTarget[p.edge] &&
        g.edgeTarget[p.twin] === g.edgeSource[p.edge]));
  if (!ok) throw new RangeError('position does not lie on this graph');
}

/** Coordinates of a position, interpolated linearly between the edge's end nodes. */
export function positionCoordinates(g: RoadGraph, p: GraphPosition): { lat: number; lon: number } {
  const u = g.edgeSource[p.edge]!;
  const v = g.edgeTarget[p.edge]!;
  const f = p.fraction;
  return { lat: g.lat[u]! + (g.lat[v]! - g.lat[u]!) * f, lon: g.lon[u]! + (g.lon[v]! - g.lon[u]!) * f };
}

/** A move along one directed edge between two positions on the same segment. */
export interface SegmentHop {
  readonly edge: number;
  readonly fromFraction: number;
  readonly toFraction: number;
  readonly seconds: number;
}

/**
 * The fastest way from `from` to `to` without passing a node, i.e. when both lie on the same
 * segment and `to` is downstream in a direction the segment allows; null otherwise.
 * Each position is seen as (edge, fraction) along each direction it has.
 */
export function sameSegmentHop(g: RoadGraph, from: GraphPosition, to: GraphPosition): SegmentHop | null {
  const shared =
    from.edge === to.edge ||
    from.edge === to.twin ||
    (from.twin >= 0 && (from.twin === to.twin || from.twin === to.edge));
  if (!shared) return null; // the common case, checked first: it runs once per unit per query
  let best: SegmentHop | null = null;
  const consider = (edge: number, fromFraction: number, toFraction: number) => {
    if (toFraction < fromFraction) return;
    const seconds = (toFraction - fromFraction) * g.edgeSeconds[edge]!;
    if (best === null || seconds < best.seconds) best = { edge, fromFraction, toFraction, seconds };
  };
  if (from.edge === to.edge) consider(from.edge, from.fraction, to.fraction);
  if (from.twin >= 0 && from.twin === to.twin) consider(from.twin, 1 - from.fraction, 1 - to.fraction);
  if (from.edge === to.twin) consider(from.edge, from.fraction, 1 - to.fraction);
  if (from.twin >= 0 && from.twin === to.edge) consider(to.edge, 1 - from.fraction, to.fraction);
  return best;
}

/**
 * Nodes a vehicle at p can drive to without passing another node, and the seconds to each,
 * written as (node, seconds) pairs into `out` (length >= 6); returns the number of pairs.
 */
export function departures(g: RoadGraph, p: GraphPosition, out: Float64Array): number {
  const s = g.edgeSource[p.edge]!;
  out[0] = g.edgeTarget[p.edge]!;
  out[1] = (1 - p.fraction) * g.edgeSeconds[p.edge]!;
  let k = 1;
  if (p.twin >= 0) {
    out[2 * k] = s;
    out[2 * k++ + 1] = p.fraction * g.edgeSeconds[p.twin]!;
  }
  if (p.fraction === 0) {
    out[2 * k] = s;
    out[2 * k++ + 1] = 0;
  }
  return k;
}

/** Nodes from which p is reached without passing another node, and the seconds from each (as departures). */
export function arrivals(g: RoadGraph, p: GraphPosition, out: Float64Array): number {
  const t = g.edgeTarget[p.edge]!;
  out[0] = g.edgeSource[p.edge]!;
  out[1] = p.fraction * g.edgeSeconds[p.edge]!;
  let k = 1;
  if (p.twin >= 0) {
    out[2 * k] = t;
    out[2 * k++ + 1] = (1 - p.fraction) * g.edgeSeconds[p.twin]!;
  }
  if (p.fraction === 1) {
    out[2 * k] = t;
    out[2 * k++ + 1] = 0;
  }
  return k;
}
