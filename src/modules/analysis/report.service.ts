// Weekly / monthly situation report per jurisdiction as a self-contained HTML page: key figures
// and changes, types, daily chart, hour-of-day chart, a hotspot map and the top hotspots.
import { cellToLatLng } from 'h3-js';
import type { Database } from '../../core/db/database.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { formatDay, parseDay } from './domain/civil-date.ts';
import { escapeXml } from './domain/xml.ts';
import type { IncidentFilter } from './filters.ts';
import { hotspots } from './hotspot.service.ts';
import { type StatsSummary, statsSummary } from './stats.service.ts';

/** What a report covers. */
export interface ReportRequest {
  period: 'week' | 'month';
  /** Last day covered (local date). */
  asOf: string;
  jurisdiction?: string;
  tz?: string;
  lang?: 'en' | 'zh-CN';
}

const L = {
  en: {
    title: { week: 'Weekly situation report', month: 'Monthly situation report' },
    period: 'Period',
    scope: 'Jurisdiction',
    all: 'all in scope',
    total: 'Incidents',
    previous: 'previous period',
    change: 'Change',
    types: 'By type',
    type: 'Type',
    daily: 'Incidents per day',
    hours: 'Incidents by hour of day',
    map: 'Hotspot map (Gi*, FDR 5%)',
    top: 'Top hotspots',
    cell: 'H3 cell',
    location: 'Location',
    count: 'Count',
    z: 'z',
    none: 'No significant hotspots.',
    generated: 'Generated',
  },
  'zh-CN': {
    title: { week: '周态势报告', month: '月态势报告' },
    period: '时段',
    scope: '辖区',
    all: '权限内全部',
    total: '事件数',
    previous: '上一时段',
    change: '变化',
    types: '按类型',
    type: '类型',
    daily: '每日事件',
    hours: '按时段分布',
    map: '热点地图（Gi*，FDR 5%）',
    top: '主要热点',
    cell: 'H3 单元',
    location: '位置',
    count: '数量',
    z: 'z 值',
    none: '无显著热点。',
    generated: '生成时间',
  },
} as const;

function periodOf(r: ReportRequest): { from: string; to: string; prevFrom: string; prevTo: string } {
  const to = parseDay(r.asOf);
  const from = r.period === 'week' ? to - 6 : parseDay(`${r.asOf.slice(0, 8)}01`);
  const len = to - from + 1;
  return { from: formatDay(from), to: r.asOf, prevFrom: formatDay(from - len), prevTo: formatDay(from - 1) };
}

function bars(values: number[], labels: string[], width = 640, height = 160): string {
  const max = Math.max(1, ...values);
  const w = width / Math.max(1, values.length);
  const rects = values
    .map((v, i) => {
      const h = (v / max) * (height - 20);
      return `<rect x="${(i * w + 1).toFixed(1)}" y="${(height - 14 - h).toFixed(1)}" width="${Math.max(1, w - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#3b6ea8"><title>${escapeXml(labels[i]!)}: ${v}</title></rect>`;
    })
    .join('');
  const step = Math.ceil(values.length / 8);
  const ticks = labels
    .map((l, i) =>
      i % step === 0
        ? `<text x="${(i * w + 1).toFixed(1)}" y="${height - 2}" font-size="9">${escapeXml(l)}</text>`
        : '',
    )
    .join('');
  return `<svg role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rects}${ticks}</svg>`;
}

function hexMap(
  features: { geometry: { coordinates: number[][][] }; properties: { kind: string | null } }[],
): string {
  const pts = features.flatMap((f) => f.geometry.coordinates[0]!);
  if (pts.length === 0) return '';
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const sx = 640 / Math.max(1e-9, (e - w) * k);
  const sy = 400 / Math.max(1e-9, n - s);
  const sc = Math.min(sx, sy);
  const paths = features
    .map((f) => {
      const d = f.geometry.coordinates[0]!.map(
        (p, i) => `${i ? 'L' : 'M'}${((p[0]! - w) * k * sc).toFixed(1)},${((n - p[1]!) * sc).toFixed(1)}`,
      ).join('');
      const fill =
        f.properties.kind === 'hot' ? '#d7301f' : f.properties.kind === 'cold' ? '#2b8cbe' : '#ddd';
      return `<path d="${d}Z" fill="${fill}" stroke="#fff" stroke-width="0.3"/>`;
    })
    .join('');
  return `<svg role="img" viewBox="0 0 640 400" width="640" height="400">${paths}</svg>`;
}

function pct(cur: number, prev: number): string {
  if (prev === 0) return '–';
  const v = (100 * (cur - prev)) / prev;
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** Builds the report as an HTML document (scoped to the actor by the statistics it uses). */
export async function situationReportHtml(
  database: Database,
  actor: Actor,
  req: ReportRequest,
  now: Date,
): Promise<string> {
  const t = L[req.lang ?? 'zh-CN'];
  const p = periodOf(req);
  const base: IncidentFilter = { from: p.from, to: p.to, tz: req.tz, jurisdiction: req.jurisdiction };
  const cur: StatsSummary = await statsSummary(database, actor, base);
  const prev = await statsSummary(database, actor, { ...base, from: p.prevFrom, to: p.prevTo });
  const spots = await hotspots(database, actor, base, { resolution: 8 });
  const prevByType = new Map(prev.byType.map((x) => [x.key, x.count]));
  const typeRows = cur.byType
    .map(
      (x) =>
        `<tr><td>${escapeXml(x.key ?? '')}</td><td>${x.count}</td><td>${prevByType.get(x.key) ?? 0}</td><td>${pct(x.count, prevByType.get(x.key) ?? 0)}</td></tr>`,
    )
    .join('');
  const hot = spots.features
    .filter((f) => f.properties.kind === 'hot')
    .sort((a, b) => b.properties.z - a.properties.z);
  const topRows = hot
    .slice(0, 10)
    .map((f) => {
      const [lat, lon] = cellToLatLng(f.properties.cell);
      return `<tr><td>${f.properties.cell}</td><td>${lat.toFixed(4)}, ${lon.toFixed(4)}</td><td>${f.properties.count}</td><td>${f.properties.z.toFixed(2)}</td></tr>`;
    })
    .join('');
  const hours = Array.from({ length: 24 }, (_, h) => cur.hourWeekday.reduce((s, row) => s + row[h]!, 0));
  const title = t.title[req.period];
  return `<!doctype html>
<html lang="${req.lang ?? 'zh-CN'}"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:56rem;margin:1.5rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
td:first-child,th:first-child{text-align:left}.figures{display:flex;gap:2rem}.figure b{font-size:2rem;display:block}
@media print{a{color:inherit}}</style></head>
<body><h1>${title}</h1>
<p>${t.period}: ${p.from} – ${p.to} · ${t.scope}: ${escapeXml(req.jurisdiction ?? t.all)} · ${t.generated}: ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
<div class="figures"><div class="figure"><b data-figure="total">${cur.total}</b>${t.total}</div>
<div class="figure"><b>${prev.total}</b>${t.previous} (${p.prevFrom} – ${p.prevTo})</div>
<div class="figure"><b>${pct(cur.total, prev.total)}</b>${t.change}</div></div>
<h2>${t.types}</h2><table><tr><th>${t.type}</th><th>${t.total}</th><th>${t.previous}</th><th>${t.change}</th></tr>${typeRows}</table>
<h2>${t.daily}</h2>${bars(
    cur.daily.map((d) => d.count),
    cur.daily.map((d) => d.date.slice(5)),
  )}
<h2>${t.hours}</h2>${bars(
    hours,
    hours.map((_, h) => String(h)),
  )}
<h2>${t.map}</h2>${hexMap(spots.features)}
<h2>${t.top}</h2>${topRows ? `<table><tr><th>${t.cell}</th><th>${t.location}</th><th>${t.count}</th><th>${t.z}</th></tr>${topRows}</table>` : `<p>${t.none}</p>`}
</body></html>`;
}
