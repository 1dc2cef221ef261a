import { useEffect, useRef, useState } from 'react';
import { Loading } from '../ui/progress.tsx';
import { AssignmentControls, MergeAction } from './assignment-controls.tsx';
import { dispatchApi } from './dispatch-api.ts';
import { useDispatchEvents } from './dispatch-live.ts';
import { DispatchProblem } from './dispatch-problem.tsx';
import { clock, formatDuration, useDt } from './i18n.ts';
import { IncidentActions } from './incident-actions.tsx';
import { RecommendationPanel } from './recommendation-panel.tsx';
import type { IncidentDetail as Detail, RecommendationView, TimerReading, Unit } from './types.ts';
import { type LiveIncident, levelAt, liveElapsed } from './use-board.ts';

/** Detail of one incident: facts, timers, units, recommendation and timeline, kept live. */
export function IncidentDetail({
  incident,
  now,
  units,
}: {
  incident: LiveIncident;
  now: number;
  units: ReadonlyMap<string, Unit>;
}) {
  const { dt, loc } = useDt();
  const id = incident.id;
  const [detail, setDetail] = useState<Detail | undefined>();
  const [rec, setRec] = useState<RecommendationView | undefined>();
  const [state, setState] = useState<{
    loading: boolean;
    error: unknown;
    recLoading: boolean;
    recError: unknown;
  }>({
    loading: true,
    error: null,
    recLoading: true,
    recError: null,
  });
  const [tick, setTick] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, recLoading: true }));
    dispatchApi.incident(id, ctl.signal).then(
      (d) => {
        setDetail(d);
        setState((s) => ({ ...s, loading: false, error: null }));
      },
      (e: unknown) => !ctl.signal.aborted && setState((s) => ({ ...s, loading: false, error: e })),
    );
    dispatchApi.recommendation(id, ctl.signal).then(
      (r) => {
        setRec(r);
        setState((s) => ({ ...s, recLoading: false, recError: null }));
      },
      (e: unknown) => !ctl.signal.aborted && setState((s) => ({ ...s, recLoading: false, recError: e })),
    );
    return () => ctl.abort();
  }, [id, tick]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another incident starts empty
  useEffect(() => {
    setDetail(undefined);
    setRec(undefined);
  }, [id]);

  const refresh = () => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => setTick((n) => n + 1), 150);
  };
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  useDispatchEvents((e) => {
    if (e.type === 'dispatch.incident.timeline' && e.payload.incidentId === id) {
      const entry = e.payload.entry;
      setDetail((d) =>
        d && !d.timeline.some((x) => x.id === entry.id) ? { ...d, timeline: [...d.timeline, entry] } : d,
      );
    } else if (e.type === 'dispatch.assignment.changed' && e.payload.incidentId === id) {
      refresh();
    } else if (e.type === 'dispatch.incident.updated' && e.payload.id === id) {
      refresh();
    }
  });

  const i = incident;
  return (
    <div data-testid="incident-detail" data-number={i.number}>
      <div className="d-detail-head">
        <span className={`d-prio d-prio-${i.priority}`}>P{i.priority}</span>
        <h2>{i.number}</h2>
        <span className={`d-status d-status-${i.status}`} data-testid="detail-status">
          {dt(`incidentStatus.${i.status}`)}
        </span>
        <strong>{loc(i.typeName)}</strong>
      </div>
      <dl className="d-props">
        <dt>{dt('detail.received')}</dt>
        <dd>{clock(i.receivedAt)}</dd>
        <dt>{dt('detail.address')}</dt>
        <dd>{i.address ?? `${i.lon.toFixed(5)}, ${i.lat.toFixed(5)}`}</dd>
        <dt>{dt('detail.jurisdiction')}</dt>
        <dd>{loc(i.jurisdictionName) || i.jurisdictionPath}</dd>
        <dt>{dt('detail.beat')}</dt>
        <dd data-testid="detail-beat">{i.beatCode ?? dt('detail.noBeat')}</dd>
        {i.hazards.length > 0 && (
          <>
            <dt>{dt('detail.hazards')}</dt>
            <dd className="d-bad">{i.hazards.join(' · ')}</dd>
          </>
        )}
      </dl>
      {i.timers.length > 0 && (
        <div className="d-timers">
          {worstPerTimer(i.timers).map((t) => {
            const el = liveElapsed(t, i.seenAt, now);
            return (
              <span key={`${t.timer}-${t.unitId ?? ''}`}>
                {dt(`timer.${t.timer}`)}{' '}
                <span className={`d-timer d-timer-${levelAt(t, el)}`}>{formatDuration(el)}</span>
              </span>
            );
          })}
        </div>
      )}
      {state.loading && !detail && <Loading />}
      <DispatchProblem error={state.error} />
      {detail && (
        <section aria-label={dt('detail.assignments')}>
          <h3 className="panel-subtitle">{dt('detail.assignments')}</h3>
          {detail.assignments.filter((a) => a.active).length === 0 && (
            <p className="muted">{dt('detail.noAssignments')}</p>
          )}
          <ul className="d-list" data-testid="assignments">
            {detail.assignments
              .filter((a) => a.active)
              .map((a) => ({ ...a, status: liveStatus(a.unitId, id, a.status, units) }))
              .map((a) => (
                <li
                  key={a.id}
                  data-unit={a.callSign}
                  data-status={a.status}
                  data-ack={a.acknowledgedAt ? 'yes' : 'no'}
                >
                  <div>
                    <strong>{a.callSign}</strong>{' '}
                    <span className={`d-status d-status-${a.status}`}>{dt(`unitStatus.${a.status}`)}</span>{' '}
                    <span className="muted">
                      {a.acknowledgedAt ? dt('detail.acknowledged') : dt('detail.notAcknowledged')}
                      {a.etaSeconds !== null
                        ? ` · ${dt('detail.eta', { eta: formatDuration(a.etaSeconds) })}`
                        : ''}
                    </span>
                  </div>
                  <AssignmentControls
                    incidentId={id}
                    unitId={a.unitId}
                    callSign={a.callSign}
                    onDone={() => setTick((n) => n + 1)}
                  />
                </li>
              ))}
          </ul>
        </section>
      )}
      <RecommendationPanel
        incidentId={id}
        rec={rec}
        loading={state.recLoading}
        error={state.recError}
        onChanged={() => setTick((n) => n + 1)}
        assigned={i.assignedUnitIds}
        units={units}
      />
      {detail && detail.allowed.length > 0 && (
        <MergeAction incidentId={id} onDone={() => setTick((n) => n + 1)} />
      )}
      {detail && (
        <IncidentActions
          incidentId={id}
          allowed={detail.allowed}
          arrived={i.onSceneAt !== null}
          onDone={() => setTick((n) => n + 1)}
        />
      )}
      {detail && (
        <section aria-label={dt('detail.timeline')}>
          <h3 className="panel-subtitle">{dt('detail.timeline')}</h3>
          <ol className="d-timeline" data-testid="timeline">
            {[...detail.timeline].reverse().map((e) => (
              <li key={e.id}>
                <span className="d-timer muted">{clock(e.at)}</span>
                <span>
                  <span className="d-kind">{dt(`timelineKind.${e.kind}`, { defaultValue: e.kind })}</span>{' '}
                  {e.text} <span className="muted">· {e.actorName}</span>
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

// One reading per timer kind (per-unit timers repeat a kind): the one furthest along.
function worstPerTimer(timers: TimerReading[]): TimerReading[] {
  const out = new Map<string, TimerReading>();
  for (const t of timers) {
    const o = out.get(t.timer);
    if (!o || t.elapsedSeconds > o.elapsedSeconds) out.set(t.timer, t);
  }
  return [...out.values()];
}

// The unit's own status arrives live with every change; the assignment row only on a refetch.
function liveStatus(
  unitId: string,
  incidentId: string,
  fallback: string,
  units: ReadonlyMap<string, Unit>,
): string {
  const u = units.get(unitId);
  return u && u.incidentId === incidentId ? u.status : fallback;
}
