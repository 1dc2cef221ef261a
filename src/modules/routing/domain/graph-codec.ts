import { type RoadGraph, withReverse } from './road-graph.ts';

const MAGIC = [0x48, 0x56, 0x52, 0x47]; // "HVRG": Haven road graph
/** Version of the serialized layout; bump on any change and keep reading the old ones. */
export const GRAPH_FORMAT_VERSION = 1;
const HEADER_BYTES = 32;

// Layout v1 (little-endian): 32-byte header {magic[4], u16 version, u16 flags, u32 nodes, u32 edges,
// 16 reserved}, then lat f64[n], lon f64[n], firstOut u32[n+1], target u32[m], seconds f32[m],
// metres f32[m]. The float64 sections come first so every section is naturally aligned. The
// reverse graph and edge sources are derived on load: smaller blobs, and they cannot disagree.

/** Byte offset of each section, and the total length, for n nodes and m edges. */
function layout(n: number, m: number) {
  const lat = HEADER_BYTES;
  const lon = lat + 8 * n;
  const firstOut = lon + 8 * n;
  const target = firstOut + 4 * (n + 1);
  const seconds = target + 4 * m;
  const metres = seconds + 4 * m;
  return { lat, lon, firstOut, target, seconds, metres, total: metres + 4 * m };
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('road graph blobs are little-endian; this platform is not');
  }
}

/** Serializes the graph (forward half) into one versioned, self-describing byte array. */
export function serializeGraph(g: RoadGraph): Uint8Array {
  assertLittleEndian();
  const n = g.nodeCount;
  const m = g.edgeCount;
  const at = layout(n, m);
  const out = new Uint8Array(at.total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, GRAPH_FORMAT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, n, true);
  view.setUint32(12, m, true);
  new Float64Array(out.buffer, at.lat, n).set(g.lat);
  new Float64Array(out.buffer, at.lon, n).set(g.lon);
  new Uint32Array(out.buffer, at.firstOut, n + 1).set(g.firstOut);
  new Uint32Array(out.buffer, at.target, m).set(g.edgeTarget);
  new Float32Array(out.buffer, at.seconds, m).set(g.edgeSeconds);
  new Float32Array(out.buffer, at.metres, m).set(g.edgeMetres);
  return out;
}

/** Reads a blob written by serializeGraph, validating its structure; throws on any corruption. */
export function deserializeGraph(bytes: Uint8Array): RoadGraph {
  assertLittleEndian();
  if (bytes.byteLength < HEADER_BYTES) throw new Error('road graph blob: truncated header');
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('road graph blob: bad magic');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== GRAPH_FORMAT_VERSION) throw new Error(`road graph blob: unsupported version ${version}`);
  const n = view.getUint32(8, true);
  const m = view.getUint32(12, true);
  const at = layout(n, m);
  if (bytes.byteLength !== at.total) throw new Error('road graph blob: length does not match header');
  // slice() copies each section into its own aligned buffer, whatever the input's byteOffset.
  const section = (offset: number, len: number) =>
    bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + len);
  const lat = new Float64Array(section(at.lat, 8 * n));
  const lon = new Float64Array(section(at.lon, 8 * n));
  const firstOut = new Uint32Array(section(at.firstOut, 4 * (n + 1)));
  const edgeTarget = new Uint32Array(section(at.target, 4 * m));
  const edgeSeconds = new Float32Array(section(at.seconds, 4 * m));
  const edgeMetres = new Float32Array(section(at.metres, 4 * m));
  const edgeSource = validateSections(n, m, lat, lon, firstOut, edgeTarget, edgeSeconds, edgeMetres);
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

function validateSections(
  n: number,
  m: number,
  lat: Float64Array,
  lon: Float64Array,
  firstOut: Uint32Array,
  target: Uint32Array,
  seconds: Float32Array,
  metres: Float32Array,
): Uint32Array {
  for (let v = 0; v < n; v++) {
    if (!(lat[v]! >= -90 && lat[v]! <= 90 && lon[v]! >= -180 && lon[v]! <= 180)) {
      throw new Error(`road graph blob: node ${v} has a bad coordinate`);
    }
  }
  if (firstOut[0] !== 0 || firstOut[n] !== m) throw new Error('road graph blob: bad edge offsets');
  for (let v = 0; v < n; v++) {
    if (firstOut[v]! > firstOut[v + 1]!) throw new Error('road graph blob: edge offsets not monotone');
  }
  const source = new Uint32Array(m);
  for (let v = 0; v < n; v++) {
    for (let e = firstOut[v]!; e < firstOut[v + 1]!; e++) {
      if (target[e]! >= n || target[e] === v) throw new Error(`road graph blob: edge ${e} has a bad target`);
      if (
        !(
          seconds[e]! >= 0 &&
          seconds[e]! < Number.POSITIVE_INFINITY &&
          metres[e]! >= 0 &&
          metres[e]! < Number.POSITIVE_INFINITY
        )
      ) {
        throw new Error(`road graph blob: edge ${e} has a bad weight`);
      }
      source[e] = v;
    }
  }
  return source;
}
