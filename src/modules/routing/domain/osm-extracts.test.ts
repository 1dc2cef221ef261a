import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.ts';
import { stronglyConnectedComponents } from './components.ts';
import { deserializeGraph, serializeGraph } from './graph-codec.ts';
import { type GraphPosition, positionOnEdge, twinOf } from './graph-position.ts';
import { type ImportReport, importRoadNetwork } from './osm-import.ts';
import { readOsmPbf } from './osm-pbf.ts';
import type { RoadGraph } from './road-graph.ts';
import { routeBetween } from './route.ts';
import { createRouter, type Router } from './router.ts';
import { projectOntoSegment, snapToRoad } from './snap-index.ts';
import { mulberry32 } from './synthetic-network.ts';
import { referenceSeconds, sameTime } from './test-support/reference-dijkstra.ts';
import { timesFromUnits, unitTimesToIncident } from './travel-time.ts';

// Real OpenStreetMap extracts (© OpenStreetMap contributors, ODbL), read from ../shared/data.
const extracts = [
  { name: 'Monaco', file: sharedDataPath('osm/monaco-2019-09-30.osm.pbf'), minNodes: 3000 },
  { name: 'Andorra', file: sharedDataPath('osm/andorra-2013-05-28.osm.pbf'), minNodes: 10000 },
];

for (const { name, file, minNodes } of extracts) {
  describe.skipIf(!file)(`${name} extract`, () => {
    // Loaded in beforeAll: a skipped describe still runs its body, so no file access here.
    let graph: RoadGraph;
    let report: ImportReport;
    let router: Router;
    beforeAll(() => {
      ({ graph, report } = importRoadNetwork(readOsmPbf(readFileSync(file!))));
      router = createRouter(graph);
    });
    const rand = mulberry32(2024);
    const randomPosition = (): GraphPosition =>
      positionOnEdge(graph, Math.floor(rand() * graph.edgeCount), rand() < 0.1 ? 0 : rand());

    it('imports a strongly connected road graph and reports what it dropped', () => {
      expect(report.nodes).toBeGreaterThan(minNodes);
      expect(report.nodes).toBe(graph.nodeCount);
      expect(report.nodes + report.droppedNodes).toBe(report.nodesBeforeFilter);
      expect(report.routableWays).toBeLessThan(report.ways);
      expect(stronglyConnectedComponents(graph).sizes).toEqual([graph.nodeCount]);
      let oneway = 0;
      for (let e = 0; e < graph.edgeCount; e++) if (twinOf(graph, e) < 0) oneway++;
      expect(oneway).toBeGreaterThan(0);
    });

    it('ranks units by the same times as one reference search per unit', () => {
      for (let q = 0; q < 4; q++) {
        const incident = randomPosition();
        const units = Array.from({ length: 15 }, randomPosition);
        const got = unitTimesToIncident(router, incident, units);
        units.forEach((u, i) => {
          const want = referenceSeconds(graph, u, incident);
          expect(sameTime(got.seconds[i]!, want), `${got.seconds[i]} vs ${want}`).toBe(true);
        });
        const top3 = unitTimesToIncident(router, incident, units, { stopAfter: 3 });
        expect([...top3.nearest].map((i) => top3.seconds[i])).toEqual(
          [...got.nearest].slice(0, 3).map((i) => got.seconds[i]),
        );
      }
    });

    it('gives routes whose time matches the ranking and whose edges join up', () => {
      for (let q = 0; q < 10; q++) {
        const [unit, incident] = [randomPosition(), randomPosition()];
        const route = routeBetween(router, unit, incident)!;
        const ranked = unitTimesToIncident(router, incident, [unit]).seconds[0]!;
        expect(sameTime(route.seconds, ranked)).toBe(true);
        for (let i = 1; i < route.edges.length; i++) {
          expect(graph.edgeSource[route.edges[i]!]).toBe(graph.edgeTarget[route.edges[i - 1]!]);
        }
      }
    });

    it('coverage agrees with per-unit searches at sampled nodes', () => {
      const units = Array.from({ length: 5 }, randomPosition);
      const cover = timesFromUnits(router, units);
      for (let k = 0; k < 5; k++) {
        const v = Math.floor(rand() * graph.nodeCount);
        const e = graph.firstIn[v]! < graph.firstIn[v + 1]! ? graph.inEdge[graph.firstIn[v]!]! : -1;
        if (e < 0) continue;
        const atV = positionOnEdge(graph, e, 1);
        const want = Math.min(...units.map((u) => referenceSeconds(graph, u, atV)));
        expect(sameTime(cover[v]!, want)).toBe(true);
      }
    });

    it('snaps like brute force', () => {
      const box = { minLat: Math.min(...graph.lat), maxLat: Math.max(...graph.lat) };
      const lonBox = { min: Math.min(...graph.lon), max: Math.max(...graph.lon) };
      for (let q = 0; q < 100; q++) {
        const point = {
          lat: box.minLat + rand() * (box.maxLat - box.minLat),
          lon: lonBox.min + rand() * (lonBox.max - lonBox.min),
        };
        let want = Number.POSITIVE_INFINITY;
        for (let e = 0; e < graph.edgeCount; e++) {
          const u = graph.edgeSource[e]!;
          const v = graph.edgeTarget[e]!;
          want = Math.min(
            want,
            projectOntoSegment(point, graph.lat[u]!, graph.lon[u]!, graph.lat[v]!, graph.lon[v]!).metres,
          );
        }
        const got = snapToRoad(router.snapIndex, point, 1000);
        if (want > 1000) expect(got).toBeNull();
        else expect(Math.abs(got!.distanceMetres - want)).toBeLessThan(1e-6);
      }
    });

    it('survives a serialize round trip', () => {
      const back = deserializeGraph(serializeGraph(graph));
      expect(back.edgeTarget).toEqual(graph.edgeTarget);
      expect(back.edgeSeconds).toEqual(graph.edgeSeconds);
      expect(back.inEdge).toEqual(graph.inEdge);
    });
  });
}
