import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../src/app/node.ts';
import { loadConfig } from '../../src/core/config/config.ts';
import { HavenError } from '../../src/core/errors.ts';
import { systemActor } from '../../src/core/identity/actor.ts';
import { importBoundaries } from '../../src/core/jurisdictions/import-boundaries.ts';
import type { CoreServices } from '../../src/core/module.ts';
import { type FreshDatabase, freshDatabase } from '../support/databases.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const districts = sharedDataPath('boundaries/chicago/chicago_police_districts.geojson');
const beats = sharedDataPath('boundaries/chicago/chicago_police_beats_2012.geojson');

describe.skipIf(!districts || !beats)(
  'importing real boundaries (Chicago police districts and beats)',
  () => {
    let fresh: FreshDatabase;
    let services: CoreServices;
    beforeAll(async () => {
      fresh = await freshDatabase('pglite');
      services = await openServices(loadConfig({ HAVEN_DATA_DIR: fresh.dataDir, HAVEN_DEMO: 'false' }), {
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      });
    });
    afterAll(async () => {
      await services?.database.close();
      await fresh?.drop();
    });

    it('imports 25 district features as 23 districts (split districts merged), then every beat nested in its district', async () => {
      const actor = systemActor('test');
      const d = await importBoundaries(
        services.database,
        actor,
        JSON.parse(readFileSync(districts!, 'utf8')),
        {
          code: 'DIST_NUM',
          nameZh: 'DIST_LABEL',
          level: 'township',
        },
      );
      expect(d.imported).toBe(23);
      // Beat numbers are unique only with their district; the nesting check runs on each beat.
      const beatFc = JSON.parse(readFileSync(beats!, 'utf8'));
      for (const f of beatFc.features) {
        f.properties.CODE = `B${f.properties.BEAT_NUM}`;
        // The beats file pads district numbers ("01"); the districts file does not ("1").
        f.properties.PARENT = String(Number(f.properties.DISTRICT));
      }
      const b = await importBoundaries(services.database, actor, beatFc, {
        code: 'CODE',
        nameZh: 'BEAT_NUM',
        level: 'village',
        parentCodeProperty: 'PARENT',
      });
      const distinctBeats = new Set(
        beatFc.features.map((f: { properties: { CODE: string } }) => f.properties.CODE),
      ).size;
      expect(b.imported).toBe(distinctBeats);
      const n = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM jurisdictions WHERE nlevel(path) = 2`.execute(services.database.db);
      expect(Number(n.rows[0]!.n)).toBe(distinctBeats);
    });

    it('aborts the whole import on one bad feature, naming it', async () => {
      const fc = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { c: 'X1', n: 'ok' }, geometry: null },
          {
            type: 'Feature',
            properties: { c: 'X2', n: 'bad' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 1],
                  [1, 0],
                  [0, 1],
                  [0, 0],
                ],
              ],
            },
          },
        ],
      };
      const err = await importBoundaries(services.database, systemActor('test'), fc, {
        code: 'c',
        nameZh: 'n',
        level: 'county',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HavenError);
      expect((err as HavenError).message).toMatch(/feature 1: .*intersects itself/);
      const n = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM jurisdictions WHERE code IN ('X1', 'X2')`.execute(services.database.db);
      expect(Number(n.rows[0]!.n)).toBe(0);
    });
  },
);
