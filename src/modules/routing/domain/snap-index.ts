import Flatbush from 'flatbush';
import { type LatLon, METRES_PER_DEGREE, metresPerDegreeLon } from './geo-math.ts';
import { fastestEdgeBetween, type GraphPosition } from './graph-position.ts';
import type { RoadGraph } from './road-graph.ts';

/** Beyond this distance from every road a point is "off graph" unless the caller says otherwise. */
export const DEFAULT_MAX_SNAP_METRES = 250;
// First search radius; doubled until a segment is found within it or maxMetres is reached.
const INITIAL_RADIUS_METRES = 50;

/**
 * R-tree (flatbush, in degrees) over the road segments. A segment is one unordered node pair;
 * its canonical edge is the fastest edge one way and its twin the fastest the other way, so a
 * two-way street is indexed once and a point on it can leave in both directions.
 */
export interface SnapIndex {
  readonly graph: RoadGraph;
  readonly tree: Flatbush | null;
  readonly segmentEdge: Int32Array;
  readonly segmentTwin: Int32Array;
}

/** A point snapped onto the nearest road segment. */
export interface SnappedPoint extends GraphPosition {
  readonly lat: number;
  readonly lon: number;
  readonly distanceMetres: number;
}

/** Builds the segment index of a graph (once per graph; cheap to keep beside it). */
export function buildSnapIndex(g: RoadGraph): SnapIndex {
  const edges: number[] = [];
  const twins: number[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    const u = g.edgeSource[e]!;
    const v = g.edgeTarget[e]!;
    if (fastestEdgeBetween(g, u, v) !== e) continue; // a slower parallel edge: same geometry
    const twin = fastestEdgeBetween(g, v, u);
    if (twin >= 0 && twin < e) continue; // pair already indexed from the twin's side
    edges.push(e);
    twins.push(twin);
  }
  const segmentEdge = Int32Array.from(edges);
  const segmentTwin = Int32Array.from(twins);
  if (edges.length === 0) return { graph: g, tree: null, segmentEdge, segmentTwin };
  const tree = new Flatbush(edges.length);
  for (const e of edges) {
    const u = g.edgeSource[e]!;
    const v = g.edgeTarget[e]!;
    const [lonA, lonB, latA, latB] = [g.lon[u]!, g.lon[v]!, g.lat[u]!, g.lat[v]!];
    tree.add(Math.min(lonA, lonB), Math.min(latA, latB), Math.max(lonA, lonB), Math.max(latA, latB));
  }
  tree.finish();
  return { graph: g, tree, segmentEdge, segmentTwin };
}

/** Bytes held by the snap index (tree and segment arrays). */
export function snapIndexByteSize(index: SnapIndex): number {
  return (index.tree?.data.byteLength ?? 0) + index.segmentEdge.byteLength + index.segmentTwin.byteLength;
}

/**
 * Projection of a point onto segment A-B in a local equirectangular frame centred on the point
 * (metres; accurate to well under 0.1% within a few km): fraction along A→B and distance.
 */
export function projectOntoSegment(
  point: LatLon,
  latA: number,
  lonA: number,
  latB: number,
  lonB: number,
): { fraction: number; metres: number } {
  const kx = metresPerDegreeLon(point.lat);
  const ax = (lonA - point.lon) * kx;
  const ay = (latA - point.lat) * METRES_PER_DEGREE;
  const dx = (lonB - point.lon) * kx - ax;
  const dy = (latB - point.lat) * METRES_PER_DEGREE - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
  return { fraction: t, metres: Math.hypot(ax + t * dx, ay + t * dy) };
}

/**
 * Snaps a point to the nearest road segment within maxMetres, or null when it is off graph.
 * Exact: a box search of growing radius r, accepted once the best candidate lies within r
 * (any closer segment would then intersect the box). Ties go to the lower edge id.
 */
export function snapToRoad(
  index: SnapIndex,
  point: LatLon,
  maxMetres = DEFAULT_MAX_SNAP_METRES,
): SnappedPoint | null {
  const { tree } = index;
  if (tree === null || !Number.isFinite(point.lat) || !Number.isFinite(point.lon)) return null;
  const kx = Math.max(metresPerDegreeLon(point.lat), 1e-9);
  for (let r = Math.min(INITIAL_RADIUS_METRES, maxMetres); ; r = Math.min(2 * r, maxMetres)) {
    const dLon = r / kx;
    const dLat = r / METRES_PER_DEGREE;
    const found = tree.search(point.lon - dLon, point.lat - dLat, point.lon + dLon, point.lat + dLat);
    const best = nearestCandidate(index, point, found);
    if (best !== null && best.metres <= r)
      return toSnappedPoint(index, best.segment, best.fraction, best.metres);
    if (r >= maxMetres) return null;
  }
}

function nearestCandidate(
  index: SnapIndex,
  point: LatLon,
  segments: readonly number[],
): { segment: number; fraction: number; metres: number } | null {
  const g = index.graph;
  let best: { segment: number; fraction: number; metres: number } | null = null;
  for (const s of segments) {
    const e = index.segmentEdge[s]!;
    const u = g.edgeSource[e]!;
    const v = g.edgeTarget[e]!;
    const p = projectOntoSegment(point, g.lat[u]!, g.lon[u]!, g.lat[v]!, g.lon[v]!);
    const better =
      best === null ||
      p.metres < best.metres ||
      (p.metres === best.metres && e < index.segmentEdge[best.segment]!);
    if (better) best = { segment: s, fraction: p.fraction, metres: p.metres };
  }
  return best;
}

function toSnappedPoint(index: SnapIndex, segment: number, fraction: number, metres: number): SnappedPoint {
  const g = index.graph;
  const edge = index.segmentEdge[segment]!;
  const u = g.edgeSource[edge]!;
  const v = g.edgeTarget[edge]!;
  return {
    edge,
    fraction,
    twin: index.segmentTwin[segment]!,
    lat: g.lat[u]! + (g.lat[v]! - g.lat[u]!) * fraction,
    lon: g.lon[u]! + (g.lon[v]! - g.lon[u]!) * fraction,
    distanceMetres: metres,
  };
}
