import type { Area } from '../core/geo/geojson.ts';
import type { NewJurisdiction } from '../core/jurisdictions/jurisdiction.service.ts';

/** The demo county's extent: a fictional county on the Pearl River delta coast. */
export const demoBBox = { west: 113.8, south: 22.5, east: 114.1, north: 22.74 };

const townships = [
  { zh: '东湖街道', en: 'Donghu Subdistrict' },
  { zh: '西山镇', en: 'Xishan Town' },
  { zh: '南港镇', en: 'Nangang Town' },
];
const villages = [
  { zh: '桂园社区', en: 'Guiyuan Community' },
  { zh: '翠竹社区', en: 'Cuizhu Community' },
  { zh: '莲塘村', en: 'Liantang Village' },
  { zh: '梅林村', en: 'Meilin Village' },
  { zh: '松岗社区', en: 'Songgang Community' },
  { zh: '石岩村', en: 'Shiyan Village' },
  { zh: '清溪村', en: 'Qingxi Village' },
  { zh: '沙头社区', en: 'Shatou Community' },
  { zh: '渔港村', en: 'Yugang Village' },
  { zh: '海湾社区', en: 'Haiwan Community' },
  { zh: '新围村', en: 'Xinwei Village' },
  { zh: '龙岗村', en: 'Longgang Village' },
];

function box(w: number, s: number, e: number, n: number): Area {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [r(w), r(s)],
        [r(e), r(s)],
        [r(e), r(n)],
        [r(w), r(n)],
        [r(w), r(s)],
      ],
    ],
  };
}

/** A demo jurisdiction with its parent's code (resolved to an id on insert). */
export type DemoJurisdiction = Omit<NewJurisdiction, 'parentId'> & { parentCode: string | null };

/**
 * The deterministic demo county: 3 townships (vertical strips), 4 villages each (horizontal
 * strips), 3x3 grid cells per village = 124 jurisdictions whose boundaries nest exactly.
 */
export function demoCounty(): DemoJurisdiction[] {
  const { west, south, east, north } = demoBBox;
  const out: DemoJurisdiction[] = [
    {
      parentCode: null,
      level: 'county',
      code: '990101',
      nameZh: '海文县',
      nameEn: 'Haven County',
      geometry: box(west, south, east, north),
    },
  ];
  const tw = (east - west) / townships.length;
  townships.forEach((t, ti) => {
    const tCode = `990101${String(ti + 1).padStart(3, '0')}`;
    const [tW, tE] = [west + ti * tw, west + (ti + 1) * tw];
    out.push({
      parentCode: '990101',
      level: 'township',
      code: tCode,
      nameZh: t.zh,
      nameEn: t.en,
      geometry: box(tW, south, tE, north),
    });
    const vh = (north - south) / 4;
    for (let vi = 0; vi < 4; vi++) {
      const v = villages[ti * 4 + vi]!;
      const vCode = `${tCode}${String(vi + 1).padStart(3, '0')}`;
      const [vS, vN] = [south + vi * vh, south + (vi + 1) * vh];
      out.push({
        parentCode: tCode,
        level: 'village',
        code: vCode,
        nameZh: v.zh,
        nameEn: v.en,
        geometry: box(tW, vS, tE, vN),
      });
      for (let g = 0; g < 9; g++) {
        const [gx, gy] = [g % 3, Math.floor(g / 3)];
        const cw = (tE - tW) / 3;
        const ch = (vN - vS) / 3;
        out.push({
          parentCode: vCode,
          level: 'grid',
          code: `${vCode}G${String(g + 1).padStart(2, '0')}`,
          nameZh: `${v.zh}第${g + 1}网格`,
          nameEn: `${v.en} Grid ${g + 1}`,
          geometry: box(tW + gx * cw, vS + gy * ch, tW + (gx + 1) * cw, vS + (gy + 1) * ch),
        });
      }
    }
  });
  return out;
}

/** One demo user per role: user name = role, bound to the subtree that role works in. */
export const demoUsers: { role: string; username: string; displayName: string; jurisdictionCode: string }[] =
  [
    {
      role: 'supervisor',
      username: 'supervisor',
      displayName: '值班长 Supervisor',
      jurisdictionCode: '990101',
    },
    {
      role: 'call_taker',
      username: 'calltaker',
      displayName: '接警员 Call taker',
      jurisdictionCode: '990101',
    },
    {
      role: 'dispatcher',
      username: 'dispatcher',
      displayName: '调度员 Dispatcher',
      jurisdictionCode: '990101',
    },
    { role: 'unit', username: 'unit', displayName: '巡逻车 Unit', jurisdictionCode: '990101' },
    {
      role: 'grid_worker',
      username: 'gridworker',
      displayName: '网格员 Grid worker',
      jurisdictionCode: '990101001001',
    },
    {
      role: 'service_centre',
      username: 'centre',
      displayName: '综治中心 Service centre',
      jurisdictionCode: '990101001',
    },
    {
      role: 'department',
      username: 'department',
      displayName: '职能部门 Department',
      jurisdictionCode: '990101',
    },
    { role: 'analyst', username: 'analyst', displayName: '分析员 Analyst', jurisdictionCode: '990101' },
    { role: 'inspector', username: 'inspector', displayName: '检查员 Inspector', jurisdictionCode: '990101' },
    { role: 'mediator', username: 'mediator', displayName: '调解员 Mediator', jurisdictionCode: '990101' },
    {
      role: 'volunteer_coordinator',
      username: 'volunteers',
      displayName: '志愿者协调员 Volunteer coordinator',
      jurisdictionCode: '990101',
    },
  ];

/** The shared password of demo users (the demo is for trying Haven, never for production). */
export const DEMO_PASSWORD = 'haven-demo';
