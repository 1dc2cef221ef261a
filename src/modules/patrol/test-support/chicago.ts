import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { AtomSet } from '../domain/atoms.ts';
import type { Region } from '../domain/geojson.ts';
import { readRegions } from '../domain/geojson.ts';
import { buildH3Atoms, regionsArea, suggestH3Resolution } from '../domain/h3-atoms.ts';
import { buildPolygonAtoms } from '../domain/polygon-atoms.ts';
import type { Incident, WorkloadOptions } from '../domain/workload.ts';
import { assignWorkload } from '../domain/workload.ts';

/** Paths of the Chicago files under ../shared/data (see its README). */
export const CHICAGO = {
  districts: 'boundaries/chicago/chicago_police_districts.geojson',
  beats: 'boundaries/chicago/chicago_police_beats_2012.geojson',
  assaults: 'crime/chicago/chicago_aggravated_assaults_2010_2019.csv.gz',
} as const;

/** District number without leading zeros ("01" and "1" are the same district). */
export const districtKey = (v: unknown) => String(Number(v));

/** Police districts as parents, keyed by district number. */
export function readDistricts(path: string): Region[] {
  return readRegions(JSON.parse(readFileSync(path, 'utf8')), { idProperty: 'DIST_NUM' }).map((r) => ({
    ...r,
    id: districtKey(r.id),
  }));
}

/** Aggravated assaults 2010-2019 as incidents (one type, so every incident weighs the same). */
export function readAssaults(path: string): Incident[] {
  const rows = parse(gunzipSync(readFileSync(path)), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return rows.map((r) => ({
    lon: Number(r.longitude),
    lat: Number(r.latitude),
    type: 'aggravated assault',
    time: Date.parse(`${r.date!.replace(' ', 'T')}:00Z`),
  }));
}

/** The real 2012 beats as polygon atoms (one atom per beat feature), parents = district. */
export function readRealBeats(path: string): AtomSet {
  const regions = readRegions(JSON.parse(readFileSync(path, 'utf8')));
  return buildPolygonAtoms(regions, { parentOf: (r) => districtKey(r.properties.DISTRICT) });
}

/** H3 atoms of the districts (resolution suggested from area and beat count) with the workload. */
export function chicagoAtoms(
  districtsPath: string,
  incidents: readonly Incident[],
  beats: number,
  workload: WorkloadOptions = {},
) {
  const districts = readDistricts(districtsPath);
  const resolution = suggestH3Resolution(regionsArea(districts), beats);
  const base = buildH3Atoms(districts, { resolution });
  return { ...assignWorkload(base, incidents, workload), resolution };
}
