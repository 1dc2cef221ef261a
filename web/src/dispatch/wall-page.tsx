import { useRef } from 'react';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { dispatchApi } from './dispatch-api.ts';
import { useDispatchEvents } from './dispatch-live.ts';
import { DispatchProblem } from './dispatch-problem.tsx';
import { formatDuration, useDt } from './i18n.ts';
import { useNow } from './use-board.ts';
import './dispatch.css';

const INCIDENT_STATUSES = ['new', 'queued', 'dispatched', 'en_route', 'on_scene', 'cleared'];
const UNIT_STATUSES = [
  'available',
  'at_station',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'out_of_service',
  'off_duty',
];

/** Supervisor wall: counts by status and jurisdiction, overdue list; refreshed by live events. */
export function WallPage() {
  const { dt, loc } = useDt();
  const wall = useAsync((s) => dispatchApi.wall(s), []);
  const now = useNow(1000);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDispatchEvents((e) => {
    if (e.type === 'dispatch.unit.positions') return;
    // Bursts of events collapse into one refresh.
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      wall.reload();
    }, 500);
  });
  const w = wall.data;
  return (
    <div className="page d-wall" aria-busy={wall.loading}>
      <div className="d-wall-head">
        <h1 className="page-title">{dt('wall.title')}</h1>
        <span className="muted d-small">{dt('common.live')}</span>
      </div>
      {wall.loading && !w && <Loading />}
      <DispatchProblem error={wall.error} onRetry={wall.reload} />
      {w && (
        <>
          <section className="d-card">
            <h2>{dt('wall.byStatus')}</h2>
            <div className="d-tiles">
              {INCIDENT_STATUSES.map((s) => (
                <div key={s} className="d-tile" data-status={s}>
                  <strong>{w.byStatus[s] ?? 0}</strong>
                  <span>{dt(`incidentStatus.${s}`)}</span>
                </div>
              ))}
            </div>
          </section>
          <section className="d-card">
            <h2>{dt('wall.units')}</h2>
            <div className="d-tiles">
              {UNIT_STATUSES.map((s) => (
                <div key={s} className="d-tile">
                  <strong>{w.units[s] ?? 0}</strong>
                  <span>{dt(`unitStatus.${s}`)}</span>
                </div>
              ))}
            </div>
          </section>
          <section className="d-card">
            <h2>{dt('wall.byJurisdiction')}</h2>
            <table className="d-table">
              <thead>
                <tr>
                  <th>{dt('wall.jurisdiction')}</th>
                  <th>{dt('wall.open')}</th>
                  <th>{dt('wall.overdue')}</th>
                </tr>
              </thead>
              <tbody>
                {w.byJurisdiction.map((j) => (
                  <tr key={j.path} className={j.overdue > 0 ? 'is-overdue' : undefined}>
                    <td>{loc(j.name)}</td>
                    <td className="d-timer">{j.open}</td>
                    <td className={j.overdue > 0 ? 'd-timer d-bad' : 'd-timer'}>{j.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {w.byBeat.length > 0 && (
            <section className="d-card" data-testid="wall-by-beat">
              <h2>{dt('wall.byBeat')}</h2>
              <table className="d-table">
                <thead>
                  <tr>
                    <th>{dt('wall.beat')}</th>
                    <th>{dt('wall.open')}</th>
                    <th>{dt('wall.overdue')}</th>
                  </tr>
                </thead>
                <tbody>
                  {w.byBeat.map((b) => (
                    <tr key={b.beatCode} className={b.overdue > 0 ? 'is-overdue' : undefined}>
                      <td>{b.beatCode}</td>
                      <td className="d-timer">{b.open}</td>
                      <td className={b.overdue > 0 ? 'd-timer d-bad' : 'd-timer'}>{b.overdue}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <section className={w.overdue.length > 0 ? 'd-card d-card-alert' : 'd-card'}>
            <h2>
              {dt('wall.overdueList')} <span className="d-count">{w.overdue.length}</span>
            </h2>
            {w.overdue.length === 0 && <p className="muted">{dt('wall.noOverdue')}</p>}
            <table className="d-table">
              <tbody>
                {w.overdue.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <span className={`d-prio d-prio-${i.priority}`}>P{i.priority}</span>
                    </td>
                    <td>
                      <strong>{i.number}</strong>
                    </td>
                    <td>{loc(i.typeName)}</td>
                    <td>
                      <span className={`d-status d-status-${i.status}`}>
                        {dt(`incidentStatus.${i.status}`)}
                      </span>
                    </td>
                    <td className="d-timer d-bad">
                      {formatDuration((now - Date.parse(i.receivedAt)) / 1000)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
