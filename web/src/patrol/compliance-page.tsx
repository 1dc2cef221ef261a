// Compliance dashboard: check-ins met and missed and off-route episodes per route run.
import { useMemo } from 'react';
import { useLiveEvent } from '../app/live-context.tsx';
import { Chart } from '../ui/chart.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { useAsync } from '../ui/use-async.ts';
import { usePt } from './i18n.ts';
import { patrolApi } from './patrol-api.ts';
import './patrol.css';

/** The compliance dashboard screen. */
export function CompliancePage() {
  const { pt } = usePt();
  const rows = useAsync((s) => patrolApi.compliance(s), []);
  useLiveEvent('patrol.checkin.missed', () => rows.reload());
  const data = rows.data ?? [];
  const met = data.reduce((s, r) => s + r.met, 0);
  const total = met + data.reduce((s, r) => s + r.missed, 0);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 12, top: 28, bottom: 24 },
      xAxis: { type: 'category', data: data.map((r) => `${r.unitCode} ${r.computedAt.slice(5, 16)}`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: pt('compliance.met'),
          type: 'bar',
          stack: 'c',
          data: data.map((r) => r.met),
          color: '#59a14f',
        },
        {
          name: pt('compliance.missed'),
          type: 'bar',
          stack: 'c',
          data: data.map((r) => r.missed),
          color: '#e15759',
        },
      ],
    }),
    [data, pt],
  );
  return (
    <div className="patrol-page">
      <h1>{pt('compliance.title')}</h1>
      {rows.error ? <ProblemView error={rows.error} onRetry={rows.reload} /> : null}
      {data.length === 0 && !rows.loading ? <p>{pt('compliance.none')}</p> : null}
      {total > 0 ? (
        <p>
          {pt('compliance.rate')}: <strong>{Math.round((100 * met) / total)} %</strong> ({met}/{total})
        </p>
      ) : null}
      {data.length > 0 ? <Chart option={option} label={pt('compliance.chart')} /> : null}
      <table className="patrol-table">
        <thead>
          <tr>
            <th scope="col">{pt('compliance.route')}</th>
            <th scope="col">{pt('compliance.unit')}</th>
            <th scope="col">{pt('compliance.met')}</th>
            <th scope="col">{pt('compliance.missed')}</th>
            <th scope="col">{pt('compliance.deviations')}</th>
            <th scope="col">{pt('compliance.at')}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((r) => (
            <tr key={r.id} className={r.missed > 0 ? 'patrol-missed' : undefined}>
              <td>{r.routeName}</td>
              <td>{r.unitCode}</td>
              <td>{r.met}</td>
              <td>{r.missed}</td>
              <td>{r.deviations}</td>
              <td>{new Date(r.computedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
