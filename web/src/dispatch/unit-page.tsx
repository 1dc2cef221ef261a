import { useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { dispatchApi } from './dispatch-api.ts';
import { useDispatchEvents } from './dispatch-live.ts';
import { DispatchMap } from './dispatch-map.tsx';
import { DispatchProblem } from './dispatch-problem.tsx';
import { clock, formatDistance, formatDuration, useDt } from './i18n.ts';
import type { MyUnit } from './types.ts';
import './dispatch.css';

const BUTTONS: { status: string; key: string }[] = [
  { status: 'en_route', key: 'unit.en_route' },
  { status: 'on_scene', key: 'unit.on_scene' },
  { status: 'available', key: 'unit.clear' },
];

/** Shares the browser's position as AVL fixes for `unitId` while `on`. */
function usePositionSharing(unitId: string | null, on: boolean) {
  const [state, setState] = useState<{ error: string | null; lastAt: string | null }>({
    error: null,
    lastAt: null,
  });
  useEffect(() => {
    if (!on || !unitId) return;
    if (!('geolocation' in navigator)) {
      setState({ error: 'unit.shareUnsupported', lastAt: null });
      return;
    }
    let last = 0;
    const id = navigator.geolocation.watchPosition(
      (p) => {
        // One fix per 5 s is enough for the console and keeps the API quiet.
        if (p.timestamp - last < 5000) return;
        last = p.timestamp;
        const at = new Date(p.timestamp).toISOString();
        void dispatchApi
          .avl({
            unitId,
            lon: p.coords.longitude,
            lat: p.coords.latitude,
            at,
            ...(p.coords.speed !== null ? { speedKmh: p.coords.speed * 3.6 } : {}),
            ...(p.coords.heading !== null && !Number.isNaN(p.coords.heading)
              ? { heading: p.coords.heading }
              : {}),
          })
          .then(() => setState({ error: null, lastAt: at }))
          .catch(() => {});
      },
      (err) =>
        setState({
          error: err.code === err.PERMISSION_DENIED ? 'unit.shareDenied' : 'unit.shareUnsupported',
          lastAt: null,
        }),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 20000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [unitId, on]);
  return state;
}

/** Phone-sized unit view: assignment, route and ETA, big status buttons, position sharing. */
export function UnitPage() {
  const { config } = useSession();
  const { dt, loc } = useDt();
  const me = useAsync((s) => dispatchApi.myUnit(s), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [share, setShare] = useState(false);
  const data: MyUnit | undefined = me.data;
  const unitId = data?.unit.id ?? null;
  const sharing = usePositionSharing(unitId, share);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useDispatchEvents((e) => {
    if (!unitId) return;
    const mine =
      (e.type === 'dispatch.unit.updated' && e.payload.id === unitId) ||
      (e.type === 'dispatch.assignment.changed' && e.payload.unitId === unitId) ||
      (e.type === 'dispatch.incident.updated' && e.payload.id === data?.incident?.id);
    if (!mine) return;
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(me.reload, 150);
  });

  const act = async (name: string, run: () => Promise<unknown>) => {
    setBusy(name);
    setFailure(null);
    try {
      await run();
      me.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(null);
    }
  };

  if (me.loading && !data) return <Loading />;
  if (me.error && !data) {
    const notLinked = (me.error as { status?: number }).status === 404;
    return (
      <div className="d-unit">
        <h1 className="page-title">{dt('unit.title')}</h1>
        {notLinked ? (
          <p className="notice">{dt('unit.none')}</p>
        ) : (
          <DispatchProblem error={me.error} onRetry={me.reload} />
        )}
      </div>
    );
  }
  if (!data) return null;
  const { unit, assignment, incident, route } = data;
  const here = unit.position ?? unit.homeStation;
  return (
    <div className="d-unit" data-testid="unit-view" data-status={unit.status}>
      <div className="d-unit-head">
        <h1>{unit.callSign}</h1>
        <span className="muted">{loc(unit.kindName)}</span>
        <span className={`d-status d-status-${unit.status}`} data-testid="unit-status">
          {dt(`unitStatus.${unit.status}`)}
        </span>
      </div>
      <section className="d-card" aria-label={dt('unit.assignment')}>
        <h2>{dt('unit.assignment')}</h2>
        {!incident && <p className="d-big muted">{dt('unit.noAssignment')}</p>}
        {incident && (
          <>
            <p className="d-big" data-testid="unit-incident">
              <span className={`d-prio d-prio-${incident.priority}`}>P{incident.priority}</span>{' '}
              {incident.number} · {loc(incident.typeName)}
            </p>
            <p>{incident.address ?? `${incident.lon.toFixed(5)}, ${incident.lat.toFixed(5)}`}</p>
            {incident.hazards.length > 0 && <p className="d-bad">⚠ {incident.hazards.join(' · ')}</p>}
            {(route || assignment?.etaSeconds != null) && (
              <div className="d-eta">
                <span>
                  {dt('unit.eta')}{' '}
                  <strong>{formatDuration(route?.seconds ?? assignment?.etaSeconds ?? 0)}</strong>
                </span>
                {route && (
                  <span>
                    {dt('unit.distance')} <strong>{formatDistance(route.metres)}</strong>
                  </span>
                )}
              </div>
            )}
            {assignment?.acknowledgedAt && (
              <p className="muted" data-testid="unit-acked">
                {dt('unit.acknowledgedAt', { time: clock(assignment.acknowledgedAt) })}
              </p>
            )}
          </>
        )}
      </section>
      <DispatchProblem error={failure} />
      <div className="d-unit-buttons">
        {assignment && !assignment.acknowledgedAt && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy !== null}
            onClick={() => void act('ack', () => dispatchApi.acknowledge(unit.id))}
          >
            {dt('unit.acknowledge')}
          </button>
        )}
        {BUTTONS.map((b) => (
          <button
            key={b.status}
            type="button"
            className="btn"
            disabled={busy !== null || !unit.allowed.includes(b.status)}
            onClick={() => void act(b.status, () => dispatchApi.unitStatus(unit.id, b.status))}
          >
            {dt(b.key)}
          </button>
        ))}
        {assignment && (
          <button
            type="button"
            className="btn"
            disabled={busy !== null}
            onClick={() => void act('check', () => dispatchApi.checkIn(unit.id))}
          >
            {dt('unit.checkIn')}
          </button>
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} />{' '}
        {share ? dt('unit.sharing') : dt('unit.share')}
      </label>
      {sharing.error && <p className="problem">{dt(sharing.error)}</p>}
      {sharing.lastAt && (
        <p className="muted d-small">{dt('unit.lastFix', { time: clock(sharing.lastAt) })}</p>
      )}
      {(incident || here) && (
        <DispatchMap
          config={config}
          incidents={
            incident
              ? [
                  {
                    id: incident.id,
                    lon: incident.lon,
                    lat: incident.lat,
                    priority: incident.priority,
                    overdue: incident.overdue,
                  },
                ]
              : []
          }
          units={here ? [{ id: unit.id, lon: here.lon, lat: here.lat, busy: false }] : []}
          route={route?.coordinates ?? null}
          testId="unit-map"
          fitOnce
        />
      )}
    </div>
  );
}
