import { readFileSync } from 'node:fs';
import { area } from '@turf/turf';
import { tessellateVillage } from './domain/tessellation.ts';
const beats = JSON.parse(readFileSync('/work/shared/data/boundaries/chicago/chicago_police_beats_2012.geojson','utf8'));
const rows = [];
for (const f of beats.features) {
  const fc = tessellateVillage(f, { resolution: 9 });
  const sum = fc.features.reduce((a, c) => a + c.properties.areaM2, 0);
  rows.push([f.properties.BEAT_NUM, (sum / area(f) - 1), sum - area(f), area(f), fc.features.length]);
}
rows.sort((a: any, b: any) => Math.abs(b[1]) - Math.abs(a[1]));
console.log(rows.slice(0, 6));
