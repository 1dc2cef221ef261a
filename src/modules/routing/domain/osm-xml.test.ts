import { describe, expect, it } from 'vitest';
import { haversineMetres } from './geo-math.ts';
import { fastestEdgeBetween } from './graph-position.ts';
import { importRoadNetwork } from './osm-import.ts';
import { readOsmXml } from './osm-xml.ts';
import type { RoadGraph } from './road-graph.ts';

const node = (id: number, row: number, col: number) =>
  `<node id="${id}" lat="${43.73 + row * 0.001}" lon="${7.42 + col * 0.001}" version="1"/>`;
const way = (id: number, refs: number[], tags: Record<string, string>) =>
  `<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${Object.entries(tags)
    .map(([k, v]) => `<tag k="${k}" v="${v}"/>`)
    .join('')}</way>`;

// 1,2,3,4,9 form the strongly connected core; 5 hangs off a one-way motorway (dropped),
// 8 is reachable only through a missing node (dropped); the rest is not drivable.
const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <bounds minlat="43.73" minlon="7.42" maxlat="43.734" maxlon="7.422"/>
  ${node(1, 0, 0)}${node(2, 0, 1)}${node(3, 1, 1)}${node(4, 1, 0)}${node(5, 2, 0)}
  ${node(6, 2, 1)}${node(7, 3, 0)}${node(8, 3, 1)}${node(9, 0.5, 0.5)}
  ${way(10, [1, 2], { highway: 'residential', maxspeed: '30 mph', name: 'Rue A &amp; B' })}
  ${way(11, [2, 3], { highway: 'residential', oneway: '-1' })}
  ${way(12, [3, 4, 1], { highway: 'tertiary', oneway: 'yes' })}
  ${way(13, [1, 9, 3], { highway: 'primary', junction: 'roundabout' })}
  ${way(14, [4, 5], { highway: 'motorway' })}
  ${way(15, [5, 6], { highway: 'service', access: 'private' })}
  ${way(16, [6, 7], { highway: 'footway' })}
  ${way(17, [7, 8], { highway: 'residential', oneway: 'reversible' })}
  ${way(18, [1, 2, 3, 1], { building: 'yes' })}
  ${way(19, [3, 99, 8], { highway: 'residential' })}
  <relation id="30"><member type="way" ref="10" role=""/><tag k="type" v="route"/></relation>
</osm>`;

function nodeAt(g: RoadGraph, row: number, col: number): number {
  for (let v = 0; v < g.nodeCount; v++) {
    if (
      Math.abs(g.lat[v]! - (43.73 + row * 0.001)) < 1e-9 &&
      Math.abs(g.lon[v]! - (7.42 + col * 0.001)) < 1e-9
    ) {
      return v;
    }
  }
  return -1;
}

describe('readOsmXml + importRoadNetwork', () => {
  it('reads nodes and highway ways only, without expanding entities', () => {
    const extract = readOsmXml(DOC);
    expect(extract.nodes.count).toBe(9);
    expect(extract.ways.map((w) => w.id)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 19]);
    expect(extract.ways[0]!.tags.name).toBe('Rue A &amp; B');
    expect(extract.ways[2]!.refs).toEqual([3, 4, 1]);
  });

  it('builds the drivable, strongly connected core with the right directions and speeds', () => {
    const { graph: g, report } = importRoadNetwork(readOsmXml(DOC));
    expect(report).toMatchObject({
      ways: 9,
      routableWays: 6,
      missingNodeRefs: 1,
      nodesBeforeFilter: 7,
      nodes: 5,
      edges: 7,
      components: 3,
      droppedComponents: 2,
      droppedNodes: 2,
    });
    const [n1, n2, n3, n4, n9] = [
      nodeAt(g, 0, 0),
      nodeAt(g, 0, 1),
      nodeAt(g, 1, 1),
      nodeAt(g, 1, 0),
      nodeAt(g, 0.5, 0.5),
    ];
    const has = (a: number, b: number) => fastestEdgeBetween(g, a, b) >= 0;
    expect([has(n1, n2), has(n2, n1)]).toEqual([true, true]);
    expect([has(n3, n2), has(n2, n3)]).toEqual([true, false]); // oneway=-1
    expect([has(n3, n4), has(n4, n3), has(n4, n1), has(n1, n4)]).toEqual([true, false, true, false]);
    expect([has(n1, n9), has(n9, n3), has(n9, n1)]).toEqual([true, true, false]); // roundabout
    const e12 = fastestEdgeBetween(g, n1, n2);
    const metres = haversineMetres(g.lat[n1]!, g.lon[n1]!, g.lat[n2]!, g.lon[n2]!);
    expect(g.edgeMetres[e12]).toBeCloseTo(metres, 2);
    expect(g.edgeSeconds[e12]).toBeCloseTo(metres / ((30 * 1.609344) / 3.6), 3);
  });

  it('refuses a DOCTYPE with an entity expansion bomb', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE osm [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<osm version="0.6"><way id="1"><tag k="highway" v="&c;"/></way></osm>`;
    expect(() => readOsmXml(bomb)).toThrow(/DOCTYPE/);
  });

  it('refuses an external entity (XXE), whatever the case of the keyword', () => {
    const xxe = `<?xml version="1.0"?><!doctype osm [<!ENTITY x SYSTEM "file:///etc/passwd">]><osm>&x;</osm>`;
    expect(() => readOsmXml(xxe)).toThrow(/DOCTYPE/);
    expect(() => readOsmXml('<osm><!ENTITY x "y"></osm>')).toThrow(/DOCTYPE/);
  });

  it('rejects a document that is not OSM', () => {
    expect(() => readOsmXml('<gpx version="1.1"></gpx>')).toThrow(/osm/);
  });
});
