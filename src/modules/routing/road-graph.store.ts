import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { transact } from '../../core/db/transaction.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { deserializeGraph, GRAPH_FORMAT_VERSION, serializeGraph } from './domain/graph-codec.ts';
import type { RoadGraph } from './domain/road-graph.ts';
import { parseRoadNames, type RoadName } from './domain/road-names.ts';
import { ROUTING_READ } from './routing-events.ts';

/** What is known about a stored road-graph version without loading its bytes. */
export interface StoredGraphInfo {
  version: number;
  source: 'synthetic' | 'osm';
  sourceName: string | null;
  nodes: number;
  edges: number;
  bytes: number;
  createdAt: Date;
}

interface InfoRow {
  version: string;
  source: 'synthetic' | 'osm';
  source_name: string | null;
  nodes: number;
  edges: number;
  bytes: number;
  created_at: Date;
}

function toInfo(r: InfoRow): StoredGraphInfo {
  return {
    version: Number(r.version),
    source: r.source,
    sourceName: r.source_name,
    nodes: r.nodes,
    edges: r.edges,
    bytes: r.bytes,
    createdAt: r.created_at,
  };
}

// The version in use and the one before it are kept (a node still loading the old one finishes).
const KEEP_VERSIONS = 2;

/** Stores a graph as the new version in use (audited; every node reloads on the event). */
export async function saveRoadGraph(
  database: Database,
  actor: Actor,
  graph: RoadGraph,
  source: 'synthetic' | 'osm',
  sourceName: string | null,
  report: Record<string, unknown> = {},
  roadNames: readonly RoadName[] = [],
): Promise<StoredGraphInfo> {
  const blob = Buffer.from(serializeGraph(graph));
  return transact(database, actor, async (tx) => {
    const res = await sql<InfoRow>`
      INSERT INTO road_graphs (source, source_name, format, nodes, edges, bytes, graph, report)
      VALUES (${source}, ${sourceName}, ${GRAPH_FORMAT_VERSION}, ${graph.nodeCount}, ${graph.edgeCount},
              ${blob.byteLength}, ${blob}, ${JSON.stringify(report)}::jsonb)
      RETURNING version::text AS version, source, source_name, nodes, edges, bytes, created_at`.execute(
      tx.db,
    );
    const info = toInfo(res.rows[0]!);
    if (roadNames.length > 0) {
      await sql`INSERT INTO road_graph_names (version, names)
        VALUES (${info.version}, ${JSON.stringify(roadNames)}::jsonb)`.execute(tx.db);
    }
    await sql`DELETE FROM road_graphs WHERE version <= ${info.version - KEEP_VERSIONS}`.execute(tx.db);
    tx.audit({
      action: 'routing.graph.import',
      targetType: 'road_graph',
      targetId: String(info.version),
      details: { source, sourceName, nodes: info.nodes, edges: info.edges, bytes: info.bytes },
    });
    tx.emit(
      'routing.graph.changed',
      { version: info.version, nodes: info.nodes, edges: info.edges, source },
      { jurisdictionPath: null, permission: ROUTING_READ },
    );
    return info;
  });
}

/** The newest stored version's description, or null when no graph was ever stored. */
export async function latestGraphInfo(database: Database): Promise<StoredGraphInfo | null> {
  const res = await sql<InfoRow>`
    SELECT version::text AS version, source, source_name, nodes, edges, bytes, created_at
    FROM road_graphs ORDER BY version DESC LIMIT 1`.execute(database.db);
  return res.rows[0] ? toInfo(res.rows[0]) : null;
}

/** Loads and decodes the newest stored graph, or null when there is none. */
export async function loadLatestRoadGraph(
  database: Database,
): Promise<{ info: StoredGraphInfo; graph: RoadGraph; roadNames: RoadName[] } | null> {
  const res = await sql<InfoRow & { graph: Uint8Array }>`
    SELECT version::text AS version, source, source_name, nodes, edges, bytes, created_at, graph
    FROM road_graphs ORDER BY version DESC LIMIT 1`.execute(database.db);
  const row = res.rows[0];
  if (!row) return null;
  const bytes = row.graph instanceof Uint8Array ? row.graph : new Uint8Array(row.graph as ArrayBuffer);
  // The codec reads typed arrays in place: give it an aligned copy of its own.
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  const names = await sql<{ names: unknown }>`
    SELECT names FROM road_graph_names WHERE version = ${row.version}::bigint`.execute(database.db);
  return {
    info: toInfo(row),
    graph: deserializeGraph(aligned),
    roadNames: parseRoadNames(names.rows[0]?.names),
  };
}
