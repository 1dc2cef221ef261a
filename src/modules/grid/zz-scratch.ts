import { readFileSync } from 'node:fs';
import { area, booleanValid, intersect, featureCollection, kinks } from '@turf/turf';
import { tessellateVillage } from './domain/tessellation.ts';
const beats = JSON.parse(readFileSync('/work/shared/data/boundaries/chicago/chicago_police_beats_2012.geojson','utf8'));
const res = Number(process.argv[2] ?? 9);
let t = Date.now(); let worst = 0; let problems = 0; let cells = 0; let smalls = 0;
for (const f of beats.features) {
  try {
  const fc = tessellateVillage(f, { resolution: res });
  const va = area(f);
  let sum = 0;
  for (const c of fc.features) {
    cells++;
    sum += c.properties.areaM2;
    if (!booleanValid(c) || kinks(c).features.length) { problems++; console.log('invalid', f.properties.BEAT_NUM, c.properties.cellId); }
    const i = intersect(featureCollection([c, f]));
    if (!i || Math.abs(area(i) - c.properties.areaM2) > 1e-6 * c.properties.areaM2 + 1e-2) { problems++; console.log('outside', f.properties.BEAT_NUM, c.properties.cellId, i && area(i), c.properties.areaM2); }
    if (c.properties.areaM2 < 0.3 * 105000 * 7 ** (9 - res) && fc.features.length > 1) smalls++;
  }
  worst = Math.max(worst, Math.abs(sum / va - 1));
  } catch (e) { problems++; console.log('throw', f.properties.BEAT_NUM, f.geometry.type, String(e).slice(0, 200)); }
}
console.log('cells', cells, 'small', smalls, 'worst', worst, 'problems', problems, 'ms', Date.now() - t);
