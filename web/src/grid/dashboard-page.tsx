import { useCallback, useMemo, useState } from 'react';
import { useSession } from '../app/session.tsx';
import { Chart } from '../ui/chart.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { type AreaCollection, type DashboardRow, gridApi } from './api.ts';
import './grid.css';
import { GridMap } from './grid-map.tsx';
import { useGridT } from './i18n.ts';

const DIMENSIONS = ['department', 'type', 'cell', 'day'] as const;
const PERIODS = [7, 30, 90] as const;
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

function centroid(geometry: unknown): [number, number] | null {
  const ring = (geometry as { type: string; coordinates: number[][][] } | null)?.coordinates?.[0];
  if (!ring || ring.length === 0) return null;
  const pts = ring.slice(0, -1);
  return [pts.reduce((a, p) => a + p[0]!, 0) / pts.length, pts.reduce((a, p) => a + p[1]!, 0) / pts.length];
}

/** Dashboard: open, overdue, closed, closed-on-time and satisfaction by department, type, cell or day. */
export function GridDashboardPage() {
  const { gt, lang } = useGridT();
  const { config } = useSession();
  const [by, setBy] = useState<(typeof DIMENSIONS)[number]>('department');
  const [days, setDays] = useState<number>(30);
  const data = useAsync((s) => gridApi.dashboard(by, days, s), [by, days]);
  const cells = useAsync((s) => gridApi.cells(s), []);
  const label = useCallback(
    (r: DashboardRow) =>
      (lang === 'zh-CN' ? r.nameZh : r.nameEn) ??
      (by === 'department' && r.key === null ? gt('dashboard.unrouted') : (r.key ?? '—')),
    [lang, by, gt],
  );
  const rows = useMemo(() => data.data?.rows ?? [], [data.data]);
  const counts = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [gt('dashboard.open'), gt('dashboard.overdue'), gt('dashboard.closed')] },
      grid: { left: 40, right: 16, bottom: 80, top: 36 },
      xAxis: { type: 'category', data: rows.map(label), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: 'value' },
      series: [
        { name: gt('dashboard.open'), type: 'bar', stack: 's', data: rows.map((r) => r.open - r.overdue) },
        {
          name: gt('dashboard.overdue'),
          type: 'bar',
          stack: 's',
          color: '#c0392b',
          data: rows.map((r) => r.overdue),
        },
        {
          name: gt('dashboard.closed'),
          type: 'bar',
          stack: 's',
          color: '#27ae60',
          data: rows.map((r) => r.closed),
        },
      ],
    }),
    [rows, label, gt],
  );
  const rates = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [gt('dashboard.onTime'), gt('dashboard.satisfaction')] },
      grid: { left: 40, right: 40, bottom: 80, top: 36 },
      xAxis: { type: 'category', data: rows.map(label), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: [
        { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
        { type: 'value', min: 0, max: 5 },
      ],
      series: [
        {
          name: gt('dashboard.onTime'),
          type: 'bar',
          data: rows.map((r) => (r.closedOnTimeRate === null ? null : Math.round(r.closedOnTimeRate * 100))),
        },
        {
          name: gt('dashboard.satisfaction'),
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((r) => r.satisfaction),
        },
      ],
    }),
    [rows, label, gt],
  );
  const cellAreas = useMemo<AreaCollection | null>(
    () =>
      cells.data
        ? {
            type: 'FeatureCollection',
            features: cells.data.map((c) => ({
              type: 'Feature',
              id: c.id,
              geometry: c.geometry,
              properties: { id: c.id, level: 'grid' },
            })),
          }
        : null,
    [cells.data],
  );
  const cellPoints = useMemo(
    () =>
      (cells.data ?? [])
        .filter((c) => c.openRequests > 0)
        .flatMap((c) => {
          const p = centroid(c.geometry);
          return p ? [{ id: c.code, lon: p[0], lat: p[1], alert: c.openRequests >= 3 }] : [];
        }),
    [cells.data],
  );
  const t = data.data?.totals;
  return (
    <div className="page page-pad" aria-busy={data.loading}>
      <header className="page-head">
        <h1 className="page-title">{gt('dashboard.title')}</h1>
        <label className="field field-compact">
          <span>{gt('dashboard.by')}</span>
          <select value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {gt(`dashboard.by${d[0]!.toUpperCase()}${d.slice(1)}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-compact">
          <span>{gt('dashboard.days')}</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                {gt('dashboard.lastDays', { count: d })}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ProblemView error={data.error} onRetry={data.reload} />
      {!data.data ? (
        <Loading />
      ) : (
        <>
          <div className="grid-cards" data-testid="dashboard-totals">
            {(
              [
                ['total', t!.total],
                ['open', t!.open],
                ['overdue', t!.overdue],
                ['closed', t!.closed],
                ['onTime', pct(t!.closedOnTimeRate)],
                ['satisfaction', t!.satisfaction === null ? '—' : t!.satisfaction.toFixed(1)],
              ] as const
            ).map(([k, v]) => (
              <div key={k} className="grid-card">
                <span className="muted">{gt(`dashboard.${k}`)}</span>
                <strong>{v}</strong>
              </div>
            ))}
          </div>
          <Chart option={counts} label={gt('dashboard.chartCounts')} />
          <Chart option={rates} label={gt('dashboard.chartRates')} />
          <h2 className="panel-title">{gt('dashboard.mapTitle')}</h2>
          <GridMap
            areas={cellAreas}
            points={cellPoints}
            center={config.center}
            zoom={config.zoom}
            label={gt('dashboard.mapTitle')}
            testId="dashboard-map"
            height={320}
          />
          <h2 className="panel-title">{gt('dashboard.table')}</h2>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{gt(`dashboard.by${by[0]!.toUpperCase()}${by.slice(1)}`)}</th>
                  {(['total', 'open', 'overdue', 'closed', 'onTime', 'satisfaction', 'ratings'] as const).map(
                    (k) => (
                      <th key={k}>{gt(`dashboard.${k}`)}</th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key ?? '-'}>
                    <td>{label(r)}</td>
                    <td>{r.total}</td>
                    <td>{r.open}</td>
                    <td>{r.overdue}</td>
                    <td>{r.closed}</td>
                    <td>{pct(r.closedOnTimeRate)}</td>
                    <td>{r.satisfaction === null ? '—' : r.satisfaction.toFixed(1)}</td>
                    <td>{r.ratings}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
