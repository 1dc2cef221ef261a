import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/identity/actor.ts';
import { createJurisdiction } from '../../src/core/jurisdictions/jurisdiction.service.ts';
import {
  BOSTON_311_SPEC,
  dashboard,
  getRequest,
  gridDeps,
  importRequestsCommand,
  importRequestsCsv,
} from '../../src/modules/grid/index.ts';
import { dbKinds } from '../support/databases.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import type { TestNode } from '../support/test-node.ts';
import { startGridNode } from './helpers.ts';

const boston = sharedDataPath('311/boston/boston_311_2015_partial.csv.gz');
const ROWS = 3000;

/** The header and the first `n` rows of the real Boston file, as a stream. */
async function head(n: number): Promise<string> {
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(boston!).pipe(createGunzip()) });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length > n) break;
  }
  rl.close();
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!boston).each(dbKinds)('CSV import of the real Boston 311 file on %s', (kind) => {
  let node: TestNode;
  let csv: string;

  beforeAll(async () => {
    node = await startGridNode(kind);
    csv = await head(ROWS);
    await createJurisdiction(node.services.database, systemActor('test'), {
      parentId: null,
      level: 'county',
      code: 'BOS',
      nameZh: '波士顿',
      nameEn: 'Boston',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-71.2, 42.2],
            [-70.95, 42.2],
            [-70.95, 42.45],
            [-71.2, 42.45],
            [-71.2, 42.2],
          ],
        ],
      },
    });
    await node.services.jurisdictions.reload();
  });
  afterAll(async () => node?.close());

  it('maps, places and inserts the rows, creating types and departments, and skips them on a re-run', async () => {
    const deps = gridDeps(node.services);
    const run = () =>
      importRequestsCsv(deps, systemActor('test'), Readable.from([csv]), {
        spec: BOSTON_311_SPEC,
        fallbackJurisdiction: 'BOS',
        createTypes: true,
        idPrefix: 'BOS-',
        batchSize: 500,
      });
    const first = await run();
    expect(first.summary.total).toBe(ROWS);
    expect(first.summary.accepted + first.summary.rejected).toBe(ROWS);
    expect(first.inserted).toBe(first.summary.accepted);
    expect(first.inserted).toBeGreaterThan(ROWS * 0.9);
    expect(first.unplaced).toBe(0);

    // The admin's scope is the demo county; Boston is a new root, so read as the system.
    const system = systemActor('test');
    const r = await getRequest(deps, system, 'BOS-101001242404');
    expect(r).toMatchObject({
      serviceCode: 'abandoned_bicycle',
      state: 'closed',
      source: 'import',
      submittedAt: '2015-01-05T17:40:41.000Z', // 12:40:41 PM in Boston (EST)
      closedAt: '2015-01-06T18:46:56.000Z',
      lat: 42.3504,
      lon: -71.0867,
    });
    expect(r.jurisdictionPath).toBe('BOS');
    expect(r.statusNotes).toMatch(/no bicycle/);

    const dash = await dashboard(deps, system, {
      by: 'type',
      from: new Date('2015-01-01T00:00:00Z'),
      to: new Date('2016-01-01T00:00:00Z'),
      under: 'BOS',
    });
    expect(dash.totals.total).toBe(first.inserted);
    expect(dash.rows.find((x) => x.key === 'abandoned_bicycle')?.nameEn).toBe('Abandoned Bicycle');
    expect(dash.totals.closed).toBeGreaterThan(0);

    const again = await run();
    expect(again.inserted).toBe(0);
    expect(again.skippedExisting).toBe(first.inserted);
  });

  it('runs as `haven import requests FILE --map field=COLUMN,...` with an inline mapping', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-import-'));
    const file = join(dir, 'small.csv');
    writeFileSync(
      file,
      [
        'id,opened,kind,lat,lon,state',
        'a1,2026-03-01T08:00:00+08:00,Blocked drain,22.51,113.81,open',
        'a2,2026-03-02 09:30,Blocked drain,22.52,113.82,closed',
        'a3,not a date,Blocked drain,22.52,113.82,open',
      ].join('\n'),
    );
    const line = await importRequestsCommand(node.services, file, {
      map: 'externalId=id,openedAt=opened,type=kind,lat=lat,lon=lon,status=state',
      createTypes: true,
      idPrefix: 'CSV-',
    });
    expect(line).toMatch(/Read 3 rows: imported 2, already present 0, rejected 1 \{"bad_date":1\}/);
    const admin = await node.signIn('admin');
    const r = (await admin.request({ url: '/api/grid/requests/CSV-a2' })).json();
    expect(r).toMatchObject({
      serviceCode: 'blocked_drain',
      state: 'closed',
      submittedAt: '2026-03-02T01:30:00.000Z',
    });
    expect(r.jurisdictionPath).toMatch(/^990101\.990101001\.990101001001\.990101001001G/);
  });
});
