import {
  arrivals,
  assertPosition,
  departures,
  type GraphPosition,
  sameSegmentHop,
} from './graph-position.ts';
import type { RoadGraph } from './road-graph.ts';
import { type Router, resolveLimits, type SearchLimits } from './router.ts';
import type { SearchWorkspace } from './search-workspace.ts';

/** Travel times of many units to one incident. */
export interface UnitTravelTimes {
  /** Seconds from each unit (same index as the input) to the incident; Infinity when unreachable,
   * off graph, beyond maxSeconds, or not among the stopAfter nearest. */
  readonly seconds: Float64Array;
  /** Indices of the units with a known time, nearest first. */
  readonly nearest: Int32Array;
  /** Nodes the search settled: a measure of its effort. */
  readonly settledNodes: number;
}

/**
 * Road travel time from every unit to the incident with ONE backward search from the incident
 * over the reverse graph. Each unit is a target hanging off the nodes it can drive to from its
 * place on its edge; targets share the heap with nodes, so they settle in exact time order and
 * `stopAfter: k` returns exactly the k nearest units. Units given as null (off graph) get Infinity.
 */
export function unitTimesToIncident(
  router: Router,
  incident: GraphPosition,
  units: readonly (GraphPosition | null)[],
  limits: SearchLimits = {},
): UnitTravelTimes {
  const { graph: g, workspace: ws } = router;
  const { maxSeconds, stopAfter } = resolveLimits(limits);
  assertPosition(g, incident);
  ws.begin(units.length);
  seedArrivalsBackward(g, ws, incident);
  let onGraph = 0;
  for (let t = 0; t < units.length; t++) {
    const unit = units[t]!;
    if (unit === null) continue;
    assertPosition(g, unit);
    attachDepartures(g, ws, unit, t);
    const hop = sameSegmentHop(g, unit, incident);
    if (hop !== null) ws.offerTarget(t, hop.seconds, -1);
    onGraph++;
  }
  // Once every unit is settled the rest of the graph cannot matter.
  ws.run(router.backward, maxSeconds, Math.min(stopAfter, onGraph));
  const seconds = new Float64Array(units.length).fill(Number.POSITIVE_INFINITY);
  const nearest = ws.settled.slice(0, ws.settledCount);
  for (const t of nearest) seconds[t] = ws.targetDist[t]!;
  return { seconds, nearest, settledNodes: ws.settledNodes };
}

// Scratch for (node, seconds) pairs: no allocation per unit.
const pairs = new Float64Array(6);

/** Backward seeds: the nodes the incident is reached from, at the seconds from each. */
function seedArrivalsBackward(g: RoadGraph, ws: SearchWorkspace, p: GraphPosition): void {
  const k = arrivals(g, p, pairs);
  for (let i = 0; i < k; i++) ws.seed(pairs[2 * i]!, pairs[2 * i + 1]!);
}

/** Target t is reached from the nodes a vehicle at p drives to first, after the partial edge. */
export function attachDepartures(g: RoadGraph, ws: SearchWorkspace, p: GraphPosition, t: number): void {
  const k = departures(g, p, pairs);
  for (let i = 0; i < k; i++) ws.attach(pairs[2 * i]!, t, pairs[2 * i + 1]!);
}

/** Target t is reached after the nodes p is reached from (forward searches toward p). */
export function attachArrivals(g: RoadGraph, ws: SearchWorkspace, p: GraphPosition, t: number): void {
  const k = arrivals(g, p, pairs);
  for (let i = 0; i < k; i++) ws.attach(pairs[2 * i]!, t, pairs[2 * i + 1]!);
}

/** Forward seeds: the nodes a vehicle at p drives to first, at the seconds to each. */
export function seedDeparturesForward(g: RoadGraph, ws: SearchWorkspace, p: GraphPosition): void {
  const k = departures(g, p, pairs);
  for (let i = 0; i < k; i++) ws.seed(pairs[2 * i]!, pairs[2 * i + 1]!);
}

/**
 * Seconds from the nearest unit to every node (forward multi-source search), Infinity beyond
 * maxSeconds: the coverage layer ("places beyond N minutes of any unit"). Pass `out` (length
 * nodeCount) to reuse an array across calls.
 */
export function timesFromUnits(
  router: Router,
  units: readonly (GraphPosition | null)[],
  options: { readonly maxSeconds?: number; readonly out?: Float64Array } = {},
): Float64Array {
  const { graph: g, workspace: ws } = router;
  const { maxSeconds } = resolveLimits({ maxSeconds: options.maxSeconds });
  const out = options.out ?? new Float64Array(g.nodeCount);
  if (out.length !== g.nodeCount) throw new RangeError('out must have one entry per node');
  ws.begin(0);
  for (const unit of units) {
    if (unit === null) continue;
    assertPosition(g, unit);
    seedDeparturesForward(g, ws, unit);
  }
  ws.run(router.forward, maxSeconds, Number.POSITIVE_INFINITY);
  for (let v = 0; v < g.nodeCount; v++) {
    // A seed beyond the limit is stamped but never settled, hence the second test.
    out[v] = ws.reached(v) && ws.dist[v]! <= maxSeconds ? ws.dist[v]! : Number.POSITIVE_INFINITY;
  }
  return out;
}

/**
 * Time to reach a point on an edge given node times from timesFromUnits. A unit standing on that
 * same segment (reaching the point without passing a node) is not seen, so this is an upper bound.
 */
export function secondsAtPosition(g: RoadGraph, nodeSeconds: Float64Array, p: GraphPosition): number {
  const k = arrivals(g, p, pairs);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < k; i++) best = Math.min(best, nodeSeconds[pairs[2 * i]!]! + pairs[2 * i + 1]!);
  return best;
}
