import { createRequire } from 'node:module';
import { hasHighwayTag, type OsmExtract, OsmNodeTable, type OsmWay } from './osm-model.ts';

// tiny-osmpbf ships no types; this is the slice of its element stream we read.
type PbfElement =
  | { type: 'node'; id: number; lat: number; lon: number }
  | { type: 'way'; id: number; nodes: number[]; tags: Record<string, string> }
  | { type: 'relation' };
type TinyOsmPbf = (input: ArrayBuffer, handler: (element: PbfElement) => void) => unknown;

const tinyOsmPbf = createRequire(import.meta.url)('tiny-osmpbf') as TinyOsmPbf;

/**
 * Reads an `.osm.pbf` extract (synchronously, from bytes in memory): all node coordinates and
 * the ways passing `keepWay` (default: those with a `highway` tag).
 */
export function readOsmPbf(
  bytes: Uint8Array,
  keepWay: (tags: Readonly<Record<string, string>>) => boolean = hasHighwayTag,
): OsmExtract {
  const nodes = new OsmNodeTable();
  const ways: OsmWay[] = [];
  // An exact ArrayBuffer: tiny-osmpbf re-wraps its input once per block, which copies a
  // Uint8Array each time (quadratic on big files) but only views an ArrayBuffer.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  tinyOsmPbf(buffer, (el) => {
    if (el.type === 'node') nodes.add(el.id, el.lat, el.lon);
    else if (el.type === 'way' && keepWay(el.tags)) ways.push({ id: el.id, refs: el.nodes, tags: el.tags });
  });
  return { nodes, ways };
}
