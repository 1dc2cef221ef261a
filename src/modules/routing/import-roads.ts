import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from '../../core/db/database.ts';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { type ImportReport, importRoadNetwork } from './domain/osm-import.ts';
import { readOsmPbf } from './domain/osm-pbf.ts';
import { readOsmXml } from './domain/osm-xml.ts';
import type { RoadGraph } from './domain/road-graph.ts';
import type { RoadName } from './domain/road-names.ts';
import { generateNamedSyntheticNetwork } from './domain/synthetic-network.ts';
import { type StoredGraphInfo, saveRoadGraph } from './road-graph.store.ts';

/** Imports an OpenStreetMap extract (.osm.pbf or .osm XML) as the road graph in use. */
export async function importRoadsFromFile(
  database: Database,
  actor: Actor,
  file: string,
): Promise<{ info: StoredGraphInfo; report: ImportReport; seconds: number }> {
  const started = performance.now();
  const lower = file.toLowerCase();
  let extract: ReturnType<typeof readOsmPbf>;
  if (lower.endsWith('.osm.pbf') || lower.endsWith('.pbf')) extract = readOsmPbf(readFileSync(file));
  else if (lower.endsWith('.osm') || lower.endsWith('.xml')) extract = readOsmXml(readFileSync(file, 'utf8'));
  else throw invalid('routing.unknown_format', 'Road files must be .osm.pbf or .osm (XML)');
  const { graph, report, roadNames } = importRoadNetwork(extract);
  if (graph.nodeCount < 2) throw invalid('routing.empty_graph', 'The file holds no routable roads');
  const info = await saveRoadGraph(database, actor, graph, 'osm', basename(file), { ...report }, roadNames);
  return { info, report, seconds: (performance.now() - started) / 1000 };
}

/** The demo county's extent (docs/MODULES.md): lon 113.80–114.10, lat 22.50–22.74. */
export const DEMO_COUNTY_BBOX = { minLon: 113.8, minLat: 22.5, maxLon: 114.1, maxLat: 22.74 };

let demoGraph: { graph: RoadGraph; roadNames: RoadName[] } | null = null;

/** Stores the demo county's synthetic street grid (200 m blocks: ~20k nodes, built in well under a second). */
export async function storeDemoNetwork(database: Database, actor: Actor): Promise<StoredGraphInfo> {
  // Deterministic, so one process (a test run starting many nodes) builds it once.
  demoGraph ??= generateNamedSyntheticNetwork({ bbox: DEMO_COUNTY_BBOX, spacingMetres: 200, seed: 20240601 });
  const { graph, roadNames } = demoGraph;
  return saveRoadGraph(
    database,
    actor,
    graph,
    'synthetic',
    'demo county grid 200 m',
    { spacingMetres: 200 },
    roadNames,
  );
}
