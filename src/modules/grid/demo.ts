import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { systemActor } from '../../core/identity/actor.ts';
import { applyAction } from './actions.service.ts';
import { saveType, type TypeInput } from './catalogue.service.ts';
import type { StoredAttribute } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import { submitRequest } from './intake.service.ts';

const COUNTY = '990101';

/** Demo departments, all serving the whole demo county. */
export const DEMO_DEPARTMENTS = [
  { code: 'CITY_MGMT', zh: '城市管理局', en: 'City Management Bureau' },
  { code: 'ROADS', zh: '交通运输局', en: 'Transport and Roads Bureau' },
  { code: 'WATER', zh: '水务局', en: 'Water Authority' },
  { code: 'ENV', zh: '生态环境局', en: 'Environment Bureau' },
  { code: 'POLICE', zh: '派出所', en: 'Police Station' },
  { code: 'JUSTICE', zh: '司法所', en: 'Justice and Mediation Office' },
] as const;

const sizeAttribute: StoredAttribute = {
  variable: true,
  code: 'size',
  datatype: 'singlevaluelist',
  required: false,
  datatype_description: null,
  order: 1,
  description: 'How big is it?',
  description_zh: '大小',
  values: [
    { key: 'small', name: 'Smaller than a shoe', name_zh: '小于鞋底' },
    { key: 'medium', name: 'Up to a metre', name_zh: '一米以内' },
    { key: 'large', name: 'Larger than a metre', name_zh: '超过一米' },
  ],
};

const type = (
  code: string,
  zh: string,
  en: string,
  group: string,
  sla: TypeInput['sla'],
  extra: Partial<TypeInput> = {},
): TypeInput => ({ code, nameZh: zh, nameEn: en, group, sla, ...extra });

/** Demo request types (Open311 services); `pothole` has no matrix row, so the centre routes it. */
export const DEMO_TYPES: TypeInput[] = [
  type(
    'pothole',
    '道路坑洼',
    'Pothole',
    'roads',
    { amount: 3, unit: 'working_days' },
    {
      keywords: ['road', 'pothole', '道路'],
      attributes: [sizeAttribute],
      duplicateRadiusM: 30,
      descriptionZh: '路面坑洞、破损',
      descriptionEn: 'Holes or broken surface in a road or footpath',
    },
  ),
  type(
    'streetlight',
    '路灯故障',
    'Street light out',
    'public_service',
    { amount: 2, unit: 'working_days' },
    {
      attributes: [
        {
          variable: true,
          code: 'pole_number',
          datatype: 'string',
          required: false,
          datatype_description: 'The number painted on the pole',
          order: 1,
          description: 'Pole number',
          description_zh: '灯杆编号',
        },
      ],
    },
  ),
  type(
    'garbage',
    '垃圾堆放',
    'Illegal dumping',
    'environment',
    { amount: 1, unit: 'working_days' },
    {
      attributes: [
        {
          variable: true,
          code: 'waste',
          datatype: 'multivaluelist',
          required: false,
          datatype_description: null,
          order: 1,
          description: 'What was dumped?',
          description_zh: '垃圾种类',
          values: [
            { key: 'household', name: 'Household rubbish', name_zh: '生活垃圾' },
            { key: 'construction', name: 'Building rubble', name_zh: '建筑垃圾' },
            { key: 'bulky', name: 'Furniture or appliances', name_zh: '大件家具家电' },
          ],
        },
      ],
    },
  ),
  type('water_leak', '供水管道漏水', 'Water leak', 'public_service', { amount: 4, unit: 'working_hours' }),
  type(
    'noise',
    '噪音扰民',
    'Noise nuisance',
    'environment',
    { amount: 2, unit: 'working_days' },
    {
      attributes: [
        {
          variable: true,
          code: 'when',
          datatype: 'singlevaluelist',
          required: true,
          datatype_description: null,
          order: 1,
          description: 'When does it happen?',
          description_zh: '发生时段',
          values: [
            { key: 'day', name: 'Daytime', name_zh: '白天' },
            { key: 'night', name: 'At night', name_zh: '夜间' },
          ],
        },
      ],
    },
  ),
  type('public_order', '治安隐患', 'Public-order concern', 'public_order', {
    amount: 1,
    unit: 'working_days',
  }),
  type('dispute', '邻里纠纷', 'Neighbour dispute', 'dispute', { amount: 5, unit: 'working_days' }),
  type(
    'hazard',
    '安全隐患',
    'Safety hazard',
    'hazard',
    { amount: 8, unit: 'working_hours' },
    {
      escalation: { amount: 4, unit: 'working_hours' },
    },
  ),
  type(
    'bulk_item',
    '大件垃圾预约清运',
    'Bulk item pickup',
    'environment',
    { amount: 5, unit: 'working_days' },
    {
      serviceType: 'batch',
    },
  ),
  type(
    'patrol_finding',
    '网格巡查发现',
    'Patrol finding',
    'other',
    { amount: 2, unit: 'working_days' },
    { public: false },
  ),
];

const MATRIX: [string, string][] = [
  ['streetlight', 'CITY_MGMT'],
  ['garbage', 'CITY_MGMT'],
  ['hazard', 'CITY_MGMT'],
  ['bulk_item', 'CITY_MGMT'],
  ['patrol_finding', 'CITY_MGMT'],
  ['water_leak', 'WATER'],
  ['noise', 'ENV'],
  ['public_order', 'POLICE'],
  ['dispute', 'JUSTICE'],
  ['referral', 'POLICE'],
];

/** 2026 public holidays and make-up working days of the demo calendar (State Council schedule). */
const CALENDAR_2026 = {
  timeZone: 'Asia/Shanghai',
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  extraWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

async function seedCatalogue(deps: GridDeps): Promise<Map<string, string>> {
  const actor = systemActor('demo');
  for (const t of DEMO_TYPES) await saveType(deps, actor, t);
  const depts = new Map<string, string>();
  await transact(deps.database, actor, async (tx) => {
    for (const d of DEMO_DEPARTMENTS) {
      const id = uuidv7();
      depts.set(d.code, id);
      await sql`INSERT INTO grid_departments (id, code, name_zh, name_en, jurisdiction_path)
        VALUES (${id}, ${d.code}, ${d.zh}, ${d.en}, ${COUNTY}::ltree)`.execute(tx.db);
    }
    for (const [code, dept] of MATRIX) {
      await sql`INSERT INTO grid_responsibilities (service_code, jurisdiction_path, department_id)
        VALUES (${code}, ${COUNTY}::ltree, ${depts.get(dept)!})`.execute(tx.db);
    }
    // The department demo user works for roads and city management.
    await sql`INSERT INTO grid_department_members (department_id, user_id)
      SELECT d.id, u.id FROM grid_departments d, users u
      WHERE d.code IN ('ROADS', 'CITY_MGMT') AND u.username = 'department'`.execute(tx.db);
    await sql`INSERT INTO grid_calendars (jurisdiction_path, spec)
      VALUES (${COUNTY}::ltree, ${JSON.stringify(CALENDAR_2026)}::jsonb)`.execute(tx.db);
    // Aggregate figures only: households and population per cell (no residents).
    await sql`INSERT INTO grid_cells (jurisdiction_id, jurisdiction_path, households, population)
      SELECT id, path, 180 + (row_number() OVER (ORDER BY path))::int * 37 % 260,
        450 + (row_number() OVER (ORDER BY path))::int * 91 % 700
      FROM jurisdictions WHERE level = 'grid'`.execute(tx.db);
    await sql`INSERT INTO grid_cell_workers (jurisdiction_id, user_id)
      SELECT j.id, u.id FROM jurisdictions j, users u
      WHERE u.username = 'gridworker' AND j.code IN ('990101001001G01', '990101001001G02', '990101001001G03')`.execute(
      tx.db,
    );
    for (const [title, body] of [
      [
        '已受理 / Received',
        '您反映的问题已受理，我们将尽快处理。 We have received your report and will deal with it soon.',
      ],
      [
        '已处理 / Fixed',
        '问题已处理完毕，感谢您的反映。 The problem has been fixed. Thank you for reporting it.',
      ],
      [
        '需补充信息 / More information',
        '请补充具体位置或照片。 Please tell us the exact place or add a photo.',
      ],
    ]) {
      await sql`INSERT INTO grid_reply_templates (id, jurisdiction_path, title, body, created_by)
        VALUES (${uuidv7()}, ${COUNTY}::ltree, ${title}, ${body}, 'demo')`.execute(tx.db);
    }
    tx.audit({ action: 'grid.demo.seeded', targetType: 'grid_catalogue' });
  });
  return depts;
}

/** A tiny deterministic generator (demo data must be the same on every load). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** A few dozen requests in various states, spread over the last weeks, for the queue and dashboard. */
async function seedRequests(deps: GridDeps, depts: Map<string, string>): Promise<void> {
  const rnd = lcg(20_260_101);
  const codes = [
    'streetlight',
    'garbage',
    'water_leak',
    'noise',
    'public_order',
    'hazard',
    'pothole',
    'dispute',
  ];
  const end = +deps.clock();
  const actor = systemActor('demo');
  for (let i = 0; i < 24; i++) {
    const at = new Date(end - Math.floor((24 - i) * 1.3 * 86_400_000 + rnd() * 3_600_000));
    const d: GridDeps = { ...deps, clock: () => at };
    const code = codes[i % codes.length]!;
    const created = await submitRequest(d, actor, {
      serviceCode: code,
      lat: 22.505 + rnd() * 0.23,
      lon: 113.805 + rnd() * 0.29,
      description: `Demo ${code} report ${i + 1}`,
      attributes: code === 'noise' ? new Map([['when', ['night']]]) : undefined,
      source: 'staff',
    });
    const later = (h: number): GridDeps => ({ ...deps, clock: () => new Date(+at + h * 3_600_000) });
    const stage = i % 4;
    if (code === 'pothole' && stage > 0) {
      await applyAction(later(1), actor, created.id, { type: 'reroute', departmentId: depts.get('ROADS')! });
    }
    if (stage >= 1 && (code !== 'pothole' || stage > 0)) {
      await applyAction(later(2), actor, created.id, { type: 'accept' });
    }
    if (stage >= 2) {
      await applyAction(later(20 + rnd() * 60), actor, created.id, {
        type: 'resolve',
        reply: 'Dealt with. 已处理。',
      });
    }
  }
}

/** Demo catalogue, departments, matrix, calendar, cell figures and workers, and sample requests. */
export async function seedGridDemo(deps: GridDeps): Promise<void> {
  const depts = await seedCatalogue(deps);
  await seedRequests(deps, depts);
}
