// What a situation report shows, independent of its format (HTML or PDF): the request, the labels
// in both languages, the covered and previous periods, and the figures gathered once.
import { formatDay, parseDay } from './domain/civil-date.ts';

/** What a report covers. */
export interface ReportRequest {
  period: 'week' | 'month';
  /** Last day covered (local date). */
  asOf: string;
  jurisdiction?: string;
  tz?: string;
  lang?: 'en' | 'zh-CN';
}

/** Labels of a report, per language. */
export const REPORT_LABELS = {
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
    hot: 'hot spot',
    cold: 'cold spot',
    page: 'Page',
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
    hot: '热点',
    cold: '冷点',
    page: '页',
  },
} as const;

/** The labels of one language. */
export type ReportLabels = (typeof REPORT_LABELS)['en'] | (typeof REPORT_LABELS)['zh-CN'];

/** Covered period and the previous period of the same length (local dates, inclusive). */
export interface ReportPeriod {
  from: string;
  to: string;
  prevFrom: string;
  prevTo: string;
}

/** The period a request covers: the 7 days ending asOf, or the month of asOf up to asOf. */
export function reportPeriod(r: Pick<ReportRequest, 'period' | 'asOf'>): ReportPeriod {
  const to = parseDay(r.asOf);
  const from = r.period === 'week' ? to - 6 : parseDay(`${r.asOf.slice(0, 8)}01`);
  const len = to - from + 1;
  return { from: formatDay(from), to: r.asOf, prevFrom: formatDay(from - len), prevTo: formatDay(from - 1) };
}

/** One hexagon of the hotspot map. */
export interface ReportHex {
  ring: number[][];
  kind: 'hot' | 'cold' | null;
}

/** One row of the top hotspot list. */
export interface ReportHotspot {
  cell: string;
  lat: number;
  lon: number;
  count: number;
  z: number;
}

/** Everything a report shows, gathered once and rendered as HTML or PDF. */
export interface ReportData {
  request: ReportRequest;
  lang: 'en' | 'zh-CN';
  /** Name of the jurisdiction in the report's language with its path, or null for all in scope. */
  jurisdictionLabel: string | null;
  period: ReportPeriod;
  generatedAt: Date;
  total: number;
  previousTotal: number;
  types: { key: string; count: number; previous: number }[];
  daily: { date: string; count: number }[];
  /** Incidents per local hour of day 0..23. */
  hours: number[];
  hexes: ReportHex[];
  top: ReportHotspot[];
}

/** Relative change as text (`+12.5%`), or `–` when the previous count is zero. */
export function changeText(cur: number, prev: number): string {
  if (prev === 0) return '–';
  const v = (100 * (cur - prev)) / prev;
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** Bounds of the hex map and the projection to a width × height box (equirectangular, cos-lat). */
export function mapProjection(
  hexes: readonly ReportHex[],
  width: number,
  height: number,
): ((lon: number, lat: number) => [number, number]) | null {
  const pts = hexes.flatMap((h) => h.ring);
  if (pts.length === 0) return null;
  let [w, e, s, n] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of pts) {
    w = Math.min(w, p[0]!);
    e = Math.max(e, p[0]!);
    s = Math.min(s, p[1]!);
    n = Math.max(n, p[1]!);
  }
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const sc = Math.min(width / Math.max(1e-9, (e - w) * k), height / Math.max(1e-9, n - s));
  // Centred in the box along the axis with room to spare.
  const dx = (width - (e - w) * k * sc) / 2;
  const dy = (height - (n - s) * sc) / 2;
  return (lon, lat) => [dx + (lon - w) * k * sc, dy + (n - lat) * sc];
}
