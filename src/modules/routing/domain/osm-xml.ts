import { XMLParser } from 'fast-xml-parser';
import { hasHighwayTag, type OsmExtract, OsmNodeTable, type OsmWay } from './osm-model.ts';

const REPEATED = new Set(['node', 'way', 'nd', 'tag', 'relation', 'member']);

// A DOCTYPE is the only way to declare entities (billion laughs, external entities); OSM XML
// never needs one, so a document carrying one is refused outright rather than parsed carefully.
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

type XmlAttrs = Record<string, string | undefined>;
type XmlWay = { id?: string; nd?: XmlAttrs[]; tag?: XmlAttrs[] };
interface XmlDoc {
  osm?: { node?: XmlAttrs[]; way?: XmlWay[] };
}

/**
 * Reads an `.osm` XML document: node coordinates and the ways passing `keepWay` (default: those
 * with a `highway` tag). Refuses documents with a DOCTYPE or entity declaration; entities are
 * never expanded.
 */
export function readOsmXml(
  text: string,
  keepWay: (tags: Readonly<Record<string, string>>) => boolean = hasHighwayTag,
): OsmExtract {
  if (DECLARATION.test(text)) throw new Error('OSM XML: DOCTYPE and ENTITY declarations are refused');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    htmlEntities: false,
    parseAttributeValue: false,
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => REPEATED.has(name),
  });
  const doc = parser.parse(text) as XmlDoc;
  if (doc.osm === undefined) throw new Error('OSM XML: no <osm> root element');
  const nodes = new OsmNodeTable();
  for (const n of doc.osm.node ?? []) nodes.add(Number(n.id), Number(n.lat), Number(n.lon));
  const ways: OsmWay[] = [];
  for (const w of doc.osm.way ?? []) {
    const tags: Record<string, string> = Object.create(null);
    for (const t of w.tag ?? []) if (t.k !== undefined && t.v !== undefined) tags[t.k] = t.v;
    if (!keepWay(tags)) continue;
    ways.push({ id: Number(w.id), refs: (w.nd ?? []).map((nd) => Number(nd.ref)), tags });
  }
  return { nodes, ways };
}
