import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/identity/actor.ts';
import {
  referenceSeconds,
  sameTime,
} from '../../src/modules/routing/domain/test-support/reference-dijkstra.ts';
import {
  importRoadsFromFile,
  positionOnEdge,
  roadNetworkOf,
  travelSeconds,
} from '../../src/modules/routing/index.ts';
import { dbKinds } from '../support/databases.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import type { TestClient, TestNode } from '../support/test-node.ts';
import { eventsOf, expectStatus, startDispatchNode } from './support.ts';

const monaco = sharedDataPath('osm/monaco-2019-09-30.osm.pbf');

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(dbKinds)('routing module wiring (%s)', (kind) => {
  let node: TestNode;
  let disp: TestClient;
  beforeAll(async () => {
    node = await startDispatchNode(kind);
    disp = await node.signIn('dispatcher');
  });
  afterAll(async () => node?.close());

  it('serves the demo county synthetic network, with routes and a permission check', async () => {
    const status = expectStatus<{ version: number; nodes: number; source: string }>(
      await disp.request({ url: '/api/routing/status' }),
      200,
    );
    expect(status.source).toBe('synthetic');
    expect(status.nodes).toBeGreaterThan(10_000);
    const route = expectStatus<{ seconds: number; metres: number; coordinates: number[][]; source: string }>(
      await disp.request({ url: '/api/routing/route?fromLon=113.85&fromLat=22.55&toLon=114.05&toLat=22.7' }),
      200,
    );
    expect(route.source).toBe('road');
    expect(route.metres).toBeGreaterThan(20_000);
    expect(route.coordinates.length).toBeGreaterThan(10);
    const bad = await disp.request({
      url: '/api/routing/route?fromLon=190&fromLat=22.55&toLon=114.05&toLat=22.7',
    });
    expect(bad.statusCode).toBe(400);
    const analyst = await node.signIn('analyst');
    expect((await analyst.request({ url: '/api/routing/status' })).statusCode).toBe(403);
  });

  it.skipIf(!monaco)(
    'imports an OSM extract into the database; the node reloads it and routes like the reference',
    async () => {
      const res = await importRoadsFromFile(node.services.database, systemActor('test'), monaco!);
      expect(res.info.source).toBe('osm');
      expect(res.report.nodes).toBeGreaterThan(3000);
      const changed = await eventsOf(node, 'routing.graph.changed');
      expect(changed.at(-1)?.payload).toMatchObject({ version: res.info.version, source: 'osm' });
      await until(async () => {
        const s = (await disp.request({ url: '/api/routing/status' })).json();
        return s.version === res.info.version;
      });
      const router = roadNetworkOf(node.services.database).routerOrNull!;
      expect(router.graph.nodeCount).toBe(res.info.nodes);
      let state = 17;
      const rand = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
      };
      for (let k = 0; k < 40; k++) {
        const a = positionOnEdge(router.graph, Math.floor(rand() * router.graph.edgeCount), rand());
        const b = positionOnEdge(router.graph, Math.floor(rand() * router.graph.edgeCount), rand());
        expect(sameTime(travelSeconds(router, a, b), referenceSeconds(router.graph, a, b))).toBe(true);
      }
      const inMonaco = await disp.request({
        url: '/api/routing/route?fromLon=7.4197&fromLat=43.7311&toLon=7.4286&toLat=43.7404',
      });
      expect(expectStatus<{ source: string }>(inMonaco, 200).source).toBe('road');
    },
  );
});
