import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useLiveEvent } from '../app/live-context.tsx';
import { hasPermission } from '../app/permissions.ts';
import { useSession } from '../app/session.tsx';
import { Chart, type ChartOption } from '../ui/chart.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import type { HexCollection } from './hex-map.tsx';
import './i18n.ts';
import { KnoxPanel } from './knox-panel.tsx';
import { MapPanel } from './map-panel.tsx';

interface Comparison {
  current: { count: number };
  previous: { count: number };
  percentChange: number | null;
}
interface Stats {
  total: number;
  byType: { key: string; count: number }[];
  byBeat: { key: string | null; count: number }[];
  hourWeekday: number[][];
  daily: { date: string; count: number; avg7: number; avg28: number }[];
  compstat: { last7: Comparison; last28: Comparison; yearToDate: Comparison; last28YearOverYear: Comparison };
}
interface EarlyWarning {
  id: string;
  h3: string;
  windowStart: string;
  windowEnd: string;
  observed: number;
  expected: number;
  p: number;
  recurrenceDays: number;
}
interface Hotspots extends HexCollection {
  meta: { cells: number; hot: number; cold: number; incidents: number };
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function query(f: { from: string; to: string; types: string; beats: string }): string {
  const p = new URLSearchParams({
    from: f.from,
    to: f.to,
    tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  if (f.types.trim()) p.set('types', f.types.trim());
  if (f.beats.trim()) p.set('beats', f.beats.replace(/\s/g, ''));
  return p.toString();
}

function ComparisonCard({ label, c }: { label: string; c: Comparison }) {
  const { t: at } = useTranslation('analysis');
  const pct =
    c.percentChange === null ? '–' : `${c.percentChange > 0 ? '+' : ''}${c.percentChange.toFixed(1)}%`;
  return (
    <div className="card">
      <div className="card-label">{label}</div>
      <div className="card-value">{c.current.count}</div>
      <div className="card-sub">
        {c.previous.count} → {c.current.count} ({at('change')} {pct})
      </div>
    </div>
  );
}

/** The analyst dashboard: filters, CompStat figures, charts and the Gi* hotspot map. */
export function AnalysisDashboardPage() {
  const { t: at } = useTranslation('analysis');
  const today = new Date();
  const [filter, setFilter] = useState({
    from: isoDay(new Date(today.getTime() - 365 * 86_400_000)),
    to: isoDay(today),
    types: '',
    beats: '',
  });
  // The filter of the figures shown (the map layers and Knox follow it, not every keystroke).
  const [applied, setApplied] = useState(() => query(filter));
  const [resolution, setResolution] = useState(8);
  const [stats, setStats] = useState<Stats | null>(null);
  const [hotspots, setHotspots] = useState<Hotspots | null>(null);
  const [busy, setBusy] = useState<'stats' | 'hotspots' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { me } = useSession();
  const canWarn = hasPermission(me.permissions, 'analysis.warnings.read');
  const [warnings, setWarnings] = useState<EarlyWarning[]>([]);
  const loadWarnings = useCallback(() => {
    if (canWarn) api.get<EarlyWarning[]>('/api/analysis/warnings').then(setWarnings, () => undefined);
  }, [canWarn]);
  useEffect(() => loadWarnings(), [loadWarnings]);
  useLiveEvent('*', (e) => {
    if ((e.type as string) === 'analysis.warning.raised') loadWarnings();
  });
  const [areas, setAreas] = useState<{ type: 'FeatureCollection'; features: unknown[] } | null>(null);
  useEffect(() => {
    api
      .get<{ type: 'FeatureCollection'; features: unknown[] }>('/api/analysis/situation/cap')
      .then(setAreas, () => undefined);
  }, []);

  const loadStats = useCallback(async () => {
    setBusy('stats');
    setError(null);
    try {
      setStats(await api.get<Stats>(`/api/analysis/stats?${query(filter)}`));
      setApplied(query(filter));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }, [filter]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on open; later on request
  useEffect(() => void loadStats(), []);

  const runHotspots = async () => {
    setBusy('hotspots');
    setError(null);
    try {
      setHotspots(
        await api.get<Hotspots>(`/api/analysis/hotspots?${query(filter)}&resolution=${resolution}`),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const dailyOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [at('count'), at('avg7'), at('avg28')] },
      xAxis: { type: 'category', data: stats?.daily.map((d) => d.date) ?? [] },
      yAxis: { type: 'value' },
      series: [
        { name: at('count'), type: 'bar', data: stats?.daily.map((d) => d.count) ?? [] },
        {
          name: at('avg7'),
          type: 'line',
          showSymbol: false,
          data: stats?.daily.map((d) => +d.avg7.toFixed(2)) ?? [],
        },
        {
          name: at('avg28'),
          type: 'line',
          showSymbol: false,
          data: stats?.daily.map((d) => +d.avg28.toFixed(2)) ?? [],
        },
      ],
    }),
    [stats, at],
  );
  const heatOption = useMemo<ChartOption>(() => {
    const days = at('weekdays', { returnObjects: true }) as string[];
    const data = (stats?.hourWeekday ?? []).flatMap((row, d) => row.map((v, h) => [h, d, v]));
    const max = Math.max(1, ...data.map((x) => x[2]!));
    return {
      tooltip: {},
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h)) },
      yAxis: { type: 'category', data: days },
      visualMap: { min: 0, max, orient: 'horizontal', left: 'center', bottom: 0, calculable: true },
      grid: { bottom: 60 },
      series: [{ type: 'heatmap', data }],
    };
  }, [stats, at]);
  const typeOption = useMemo<ChartOption>(
    () => ({
      tooltip: {},
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data:
          stats?.byType
            .slice(0, 15)
            .map((x) => x.key)
            .reverse() ?? [],
      },
      series: [
        {
          type: 'bar',
          data:
            stats?.byType
              .slice(0, 15)
              .map((x) => x.count)
              .reverse() ?? [],
        },
      ],
    }),
    [stats],
  );

  return (
    <section className="page analysis-page" aria-labelledby="analysis-title">
      <h1 id="analysis-title">{at('title')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void loadStats();
        }}
      >
        <label>
          {at('from')}
          <input
            type="date"
            value={filter.from}
            onChange={(e) => setFilter({ ...filter, from: e.target.value })}
          />
        </label>
        <label>
          {at('to')}
          <input
            type="date"
            value={filter.to}
            onChange={(e) => setFilter({ ...filter, to: e.target.value })}
          />
        </label>
        <label>
          {at('types')}
          <input value={filter.types} onChange={(e) => setFilter({ ...filter, types: e.target.value })} />
        </label>
        <label>
          {at('beats')}
          <input value={filter.beats} onChange={(e) => setFilter({ ...filter, beats: e.target.value })} />
        </label>
        <label>
          {at('resolution')}
          <select value={resolution} onChange={(e) => setResolution(Number(e.target.value))}>
            {[6, 7, 8, 9].map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy !== null}>
          {at('refresh')}
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void runHotspots()}>
          {at('runHotspots')}
        </button>
        <a href={`/api/analysis/stats.csv?${query(filter)}&table=daily`}>{at('exportCsv')}</a>
      </form>
      {busy && <Loading label={at('running')} />}
      {error !== null && <ProblemView error={error} />}
      {hotspots && (
        <p role="status" data-testid="hotspot-summary">
          {at('hexes', { count: hotspots.features.length })} · {at('hot')}: {hotspots.meta.hot} · {at('cold')}
          : {hotspots.meta.cold} · {at('cells')}: {hotspots.meta.cells}
        </p>
      )}
      <MapPanel query={applied} hotspots={hotspots} areas={areas} />
      {warnings.length > 0 && (
        <section aria-labelledby="early-warnings">
          <h2 id="early-warnings">{at('earlyWarnings')}</h2>
          <ul>
            {warnings.slice(0, 10).map((w) => (
              <li key={w.id}>
                {w.windowStart} – {w.windowEnd} · {w.h3} · {w.observed} / {w.expected.toFixed(1)} · p{' '}
                {w.p.toFixed(3)} · {at('recurrence', { days: Math.round(w.recurrenceDays) })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {stats && (
        <>
          <div className="cards">
            <div className="card">
              <div className="card-label">{at('total')}</div>
              <div className="card-value" data-testid="stats-total">
                {stats.total}
              </div>
            </div>
            <ComparisonCard label={at('last7')} c={stats.compstat.last7} />
            <ComparisonCard label={at('last28')} c={stats.compstat.last28} />
            <ComparisonCard label={at('ytd')} c={stats.compstat.yearToDate} />
            <ComparisonCard label={at('yoy28')} c={stats.compstat.last28YearOverYear} />
          </div>
          <h2>{at('daily')}</h2>
          <Chart option={dailyOption} label={at('daily')} />
          <h2>{at('hourWeekday')}</h2>
          <Chart option={heatOption} label={at('hourWeekday')} />
          <h2>{at('byType')}</h2>
          <Chart option={typeOption} label={at('byType')} />
          {stats.byBeat.some((b) => b.key !== null) && (
            <table className="data-table" data-testid="beat-table">
              <caption>{at('byBeat')}</caption>
              <thead>
                <tr>
                  <th scope="col">{at('beat')}</th>
                  <th scope="col">{at('count')}</th>
                </tr>
              </thead>
              <tbody>
                {stats.byBeat.slice(0, 20).map((b) => (
                  <tr key={b.key ?? ''}>
                    <td>{b.key ?? at('noBeat')}</td>
                    <td>{b.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <KnoxPanel query={applied} />
    </section>
  );
}
