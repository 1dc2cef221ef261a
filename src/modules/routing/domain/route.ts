import { assertPosition, type GraphPosition, positionCoordinates, sameSegmentHop } from './graph-position.ts';
import type { RoadGraph } from './road-graph.ts';
import type { Router } from './router.ts';
import { attachArrivals, seedDeparturesForward } from './travel-time.ts';

/** A driven route between two positions. */
export interface Route {
  readonly seconds: number;
  readonly metres: number;
  /** [lon, lat] pairs (GeoJSON order): start point, every node passed, end point; no repeats. */
  readonly coordinates: [number, number][];
  /** Directed edges driven, including partial first and last ones (omitted when of zero length). */
  readonly edges: number[];
}

/** Forward point-to-point search; afterwards target 0 holds the arrival time at `to`. */
function searchBetween(router: Router, from: GraphPosition, to: GraphPosition, maxSeconds: number): void {
  const { graph: g, workspace: ws } = router;
  assertPosition(g, from);
  assertPosition(g, to);
  ws.begin(1);
  seedDeparturesForward(g, ws, from);
  attachArrivals(g, ws, to, 0);
  const hop = sameSegmentHop(g, from, to);
  if (hop !== null) ws.offerTarget(0, hop.seconds, -1);
  ws.run(router.forward, maxSeconds, 1);
}

/** Travel time in seconds from one position to another (Infinity if unreachable within maxSeconds). */
export function travelSeconds(
  router: Router,
  from: GraphPosition,
  to: GraphPosition,
  maxSeconds = Number.POSITIVE_INFINITY,
): number {
  searchBetween(router, from, to, maxSeconds);
  return router.workspace.settledCount > 0 ? router.workspace.targetDist[0]! : Number.POSITIVE_INFINITY;
}

/** Fastest route from one position (a unit) to another (an incident), or null if unreachable. */
export function routeBetween(
  router: Router,
  from: GraphPosition,
  to: GraphPosition,
  maxSeconds = Number.POSITIVE_INFINITY,
): Route | null {
  const { graph: g, workspace: ws } = router;
  searchBetween(router, from, to, maxSeconds);
  if (ws.settledCount === 0) return null;
  const seconds = ws.targetDist[0]!;
  const via = ws.targetVia[0]!;
  const start = positionCoordinates(g, from);
  const end = positionCoordinates(g, to);
  if (via < 0) {
    const hop = sameSegmentHop(g, from, to)!;
    const metres = (hop.toFraction - hop.fromFraction) * g.edgeMetres[hop.edge]!;
    return { seconds, metres, coordinates: [toLonLat(start), toLonLat(end)], edges: [hop.edge] };
  }
  const middle = edgesInto(router, via);
  const first = middle.length > 0 ? g.edgeSource[middle[0]!]! : via;
  const head = leaveStart(g, from, first);
  const tail = reachEnd(g, to, via);
  const metres = head.metres + tail.metres + middle.reduce((sum, e) => sum + g.edgeMetres[e]!, 0);
  const points = [
    toLonLat(start),
    ...[first, ...middle.map((e) => g.edgeTarget[e]!)].map((v) => nodeLonLat(g, v)),
  ];
  points.push(toLonLat(end));
  const edges = [...head.edges, ...middle, ...tail.edges];
  return { seconds, metres, coordinates: withoutRepeats(points), edges };
}

interface Partial {
  readonly edges: number[];
  readonly metres: number;
}

/** The partial edge from the start position to the first node of the search tree. */
function leaveStart(g: RoadGraph, from: GraphPosition, first: number): Partial {
  if (first === g.edgeTarget[from.edge]) {
    return from.fraction === 1
      ? none
      : { edges: [from.edge], metres: (1 - from.fraction) * g.edgeMetres[from.edge]! };
  }
  if (from.fraction === 0) return none; // the start is that node
  return { edges: [from.twin], metres: from.fraction * g.edgeMetres[from.twin]! };
}

/** The partial edge from the last node of the route to the end position. */
function reachEnd(g: RoadGraph, to: GraphPosition, last: number): Partial {
  if (last === g.edgeSource[to.edge]) {
    return to.fraction === 0 ? none : { edges: [to.edge], metres: to.fraction * g.edgeMetres[to.edge]! };
  }
  if (to.fraction === 1) return none; // the end is that node
  return { edges: [to.twin], metres: (1 - to.fraction) * g.edgeMetres[to.twin]! };
}

const none: Partial = { edges: [], metres: 0 };

function withoutRepeats(points: [number, number][]): [number, number][] {
  return points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);
}

/** Edges of the search tree from a seed node down to v, in driving order. */
function edgesInto(router: Router, v: number): number[] {
  const { graph: g, workspace: ws } = router;
  const edges: number[] = [];
  for (let node = v; ws.parent[node]! >= 0; node = g.edgeSource[ws.parent[node]!]!)
    edges.push(ws.parent[node]!);
  return edges.reverse();
}

function toLonLat(p: { lat: number; lon: number }): [number, number] {
  return [p.lon, p.lat];
}

function nodeLonLat(g: RoadGraph, v: number): [number, number] {
  return [g.lon[v]!, g.lat[v]!];
}
