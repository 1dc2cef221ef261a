// Weekly / monthly situation report per jurisdiction: the figures are gathered once
// (`situationReportData`, scoped to the actor by the statistics it uses) and rendered as a
// self-contained HTML page here or as a PDF in report-pdf.ts.
import { cellToLatLng } from 'h3-js';
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { escapeXml } from './domain/xml.ts';
import type { IncidentFilter } from './filters.ts';
import { hotspots } from './hotspot.service.ts';
import {
  changeText,
  mapProjection,
  REPORT_LABELS,
  type ReportData,
  type ReportHex,
  type ReportRequest,
  reportPeriod,
} from './report-model.ts';
import { statsSummary } from './stats.service.ts';

export type { ReportRequest } from './report-model.ts';

/** Gathers the figures of a report (statistics of both periods, Gi* hotspots at resolution 8). */
export async function situationReportData(
  database: Database,
  actor: Actor,
  req: ReportRequest,
  now: Date,
): Promise<ReportData> {
  const p = reportPeriod(req);
  const base: IncidentFilter = { from: p.from, to: p.to, tz: req.tz, jurisdiction: req.jurisdiction };
  const cur = await statsSummary(database, actor, base);
  const prev = await statsSummary(database, actor, { ...base, from: p.prevFrom, to: p.prevTo });
  const spots = await hotspots(database, actor, base, { resolution: 8 });
  const prevByType = new Map(prev.byType.map((x) => [x.key, x.count]));
  const lang = req.lang ?? 'zh-CN';
  let jurisdictionLabel: string | null = null;
  if (req.jurisdiction) {
    const j = await sql<{ zh: string; en: string }>`SELECT name_zh AS zh, name_en AS en FROM jurisdictions
      WHERE path = ${req.jurisdiction}::ltree`.execute(database.db);
    const row = j.rows[0];
    jurisdictionLabel = row ? `${lang === 'en' ? row.en : row.zh} (${req.jurisdiction})` : req.jurisdiction;
  }
  const top = spots.features
    .filter((f) => f.properties.kind === 'hot')
    .sort((a, b) => b.properties.z - a.properties.z)
    .slice(0, 10)
    .map((f) => {
      const [lat, lon] = cellToLatLng(f.properties.cell);
      return { cell: f.properties.cell, lat, lon, count: f.properties.count, z: f.properties.z };
    });
  return {
    request: req,
    lang,
    jurisdictionLabel,
    period: p,
    generatedAt: now,
    total: cur.total,
    previousTotal: prev.total,
    types: cur.byType.map((x) => ({
      key: x.key ?? '',
      count: x.count,
      previous: prevByType.get(x.key) ?? 0,
    })),
    daily: cur.daily.map((d) => ({ date: d.date, count: d.count })),
    hours: Array.from({ length: 24 }, (_, h) => cur.hourWeekday.reduce((s, row) => s + row[h]!, 0)),
    hexes: spots.features.map((f) => ({ ring: f.geometry.coordinates[0]!, kind: f.properties.kind })),
    top,
  };
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

/** Fill colour of a hexagon by its Gi* class. */
export function hexFill(kind: ReportHex['kind']): string {
  return kind === 'hot' ? '#d7301f' : kind === 'cold' ? '#2b8cbe' : '#dddddd';
}

function hexMap(hexes: readonly ReportHex[]): string {
  const project = mapProjection(hexes, 640, 400);
  if (!project) return '';
  const paths = hexes
    .map((h) => {
      const d = h.ring
        .map((p, i) => {
          const [x, y] = project(p[0]!, p[1]!);
          return `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
        })
        .join('');
      return `<path d="${d}Z" fill="${hexFill(h.kind)}" stroke="#fff" stroke-width="0.3"/>`;
    })
    .join('');
  return `<svg role="img" viewBox="0 0 640 400" width="640" height="400">${paths}</svg>`;
}

/** Renders gathered report figures as an HTML document. */
export function renderReportHtml(d: ReportData): string {
  const t = REPORT_LABELS[d.lang];
  const p = d.period;
  const typeRows = d.types
    .map(
      (x) =>
        `<tr><td>${escapeXml(x.key)}</td><td>${x.count}</td><td>${x.previous}</td><td>${changeText(x.count, x.previous)}</td></tr>`,
    )
    .join('');
  const topRows = d.top
    .map(
      (f) =>
        `<tr><td>${f.cell}</td><td>${f.lat.toFixed(4)}, ${f.lon.toFixed(4)}</td><td>${f.count}</td><td>${f.z.toFixed(2)}</td></tr>`,
    )
    .join('');
  const title = t.title[d.request.period];
  return `<!doctype html>
<html lang="${d.lang}"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:56rem;margin:1.5rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
td:first-child,th:first-child{text-align:left}.figures{display:flex;gap:2rem}.figure b{font-size:2rem;display:block}
@media print{a{color:inherit}}</style></head>
<body><h1>${title}</h1>
<p>${t.period}: ${p.from} – ${p.to} · ${t.scope}: ${escapeXml(d.jurisdictionLabel ?? t.all)} · ${t.generated}: ${d.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
<div class="figures"><div class="figure"><b data-figure="total">${d.total}</b>${t.total}</div>
<div class="figure"><b>${d.previousTotal}</b>${t.previous} (${p.prevFrom} – ${p.prevTo})</div>
<div class="figure"><b>${changeText(d.total, d.previousTotal)}</b>${t.change}</div></div>
<h2>${t.types}</h2><table><tr><th>${t.type}</th><th>${t.total}</th><th>${t.previous}</th><th>${t.change}</th></tr>${typeRows}</table>
<h2>${t.daily}</h2>${bars(
    d.daily.map((x) => x.count),
    d.daily.map((x) => x.date.slice(5)),
  )}
<h2>${t.hours}</h2>${bars(
    d.hours,
    d.hours.map((_, h) => String(h)),
  )}
<h2>${t.map}</h2>${hexMap(d.hexes)}
<h2>${t.top}</h2>${topRows ? `<table><tr><th>${t.cell}</th><th>${t.location}</th><th>${t.count}</th><th>${t.z}</th></tr>${topRows}</table>` : `<p>${t.none}</p>`}
</body></html>`;
}

/** Builds the report as an HTML document (scoped to the actor by the statistics it uses). */
export async function situationReportHtml(
  database: Database,
  actor: Actor,
  req: ReportRequest,
  now: Date,
): Promise<string> {
  return renderReportHtml(await situationReportData(database, actor, req, now));
}
