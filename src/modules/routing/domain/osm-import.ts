import { keepLargestComponent } from './components.ts';
import { haversineMetres } from './geo-math.ts';
import type { OsmExtract, OsmWay } from './osm-model.ts';
import { CAR_PROFILE, type RoadProfile, type WayTravel, wayTravel } from './osm-profile.ts';
import { buildRoadGraph, EdgeList, type RoadGraph } from './road-graph.ts';
import { collectRoadNames, type RoadName } from './road-names.ts';

/** Counts from an import, for the operator to judge the extract. */
export interface ImportReport {
  /** Ways offered (after the reader's filter) and ways routable under the profile. */
  readonly ways: number;
  readonly routableWays: number;
  /** Way node references whose node is not in the extract (ways are cut there). */
  readonly missingNodeRefs: number;
  /** Nodes and directed edges before and after keeping the largest strongly connected component. */
  readonly nodesBeforeFilter: number;
  readonly edgesBeforeFilter: number;
  readonly nodes: number;
  readonly edges: number;
  readonly components: number;
  readonly droppedComponents: number;
  readonly droppedNodes: number;
}

/** A road graph built from an OSM extract, with its import report. */
export interface ImportedGraph {
  readonly graph: RoadGraph;
  readonly report: ImportReport;
  /** Names of the routable roads (for address lookup), kept outside the graph. */
  readonly roadNames: RoadName[];
}

/**
 * Builds a road graph from any OSM extract: every node of a routable way becomes a graph node,
 * every consecutive pair one edge per allowed direction, travel time = length / speed. Only the
 * largest strongly connected component is kept so no search dead-ends; the rest is reported.
 */
export function importRoadNetwork(extract: OsmExtract, profile: RoadProfile = CAR_PROFILE): ImportedGraph {
  const table = extract.nodes;
  const compact = new Int32Array(table.count).fill(-1);
  const lat: number[] = [];
  const lon: number[] = [];
  const edges = new EdgeList();
  let routableWays = 0;
  let missingNodeRefs = 0;
  const nodeFor = (id: number): number => {
    const i = table.indexOf(id);
    if (i < 0) return -1;
    if (compact[i] === -1) {
      compact[i] = lat.length;
      lat.push(table.lat[i]!);
      lon.push(table.lon[i]!);
    }
    return compact[i]!;
  };
  for (const way of extract.ways) {
    const travel = wayTravel(way.tags, profile);
    if (travel === null) continue;
    routableWays++;
    missingNodeRefs += addWayEdges(way, travel, nodeFor, lat, lon, edges);
  }
  const raw = buildRoadGraph(edges.toInput(lat, lon));
  const { graph, report } = keepLargestComponent(raw);
  const roadNames = collectRoadNames(extract, (way) => wayTravel(way.tags, profile) !== null);
  return {
    graph,
    roadNames,
    report: {
      ways: extract.ways.length,
      routableWays,
      missingNodeRefs,
      nodesBeforeFilter: raw.nodeCount,
      edgesBeforeFilter: raw.edgeCount,
      nodes: graph.nodeCount,
      edges: graph.edgeCount,
      ...report,
    },
  };
}

/** Adds the edges of one way; returns how many of its node references were missing. */
function addWayEdges(
  way: OsmWay,
  travel: WayTravel,
  nodeFor: (id: number) => number,
  lat: readonly number[],
  lon: readonly number[],
  edges: EdgeList,
): number {
  const metresPerSecond = travel.speedKmh / 3.6;
  let missing = 0;
  let prev = -1;
  for (const ref of way.refs) {
    const v = nodeFor(ref);
    if (v < 0) {
      missing++; // the way leaves the extract here: cut it rather than join across the gap
      prev = -1;
      continue;
    }
    if (prev >= 0 && prev !== v) {
      const metres = haversineMetres(lat[prev]!, lon[prev]!, lat[v]!, lon[v]!);
      const seconds = metres / metresPerSecond;
      if (travel.direction !== 'backward') edges.add(prev, v, seconds, metres);
      if (travel.direction !== 'forward') edges.add(v, prev, seconds, metres);
    }
    prev = v;
  }
  return missing;
}
