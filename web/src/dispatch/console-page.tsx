import { useMemo, useState } from 'react';
import { useSession } from '../app/session.tsx';
import { Loading } from '../ui/progress.tsx';
import { DispatchMap, type MapIncident, type MapUnit } from './dispatch-map.tsx';
import { DispatchProblem } from './dispatch-problem.tsx';
import { useDt } from './i18n.ts';
import { IncidentDetail } from './incident-detail.tsx';
import { IncidentQueue } from './incident-queue.tsx';
import { UnitBoard } from './unit-board.tsx';
import { byPriorityAndAge, useBoard, useNow } from './use-board.ts';
import './dispatch.css';

const BUSY = new Set(['dispatched', 'en_route', 'on_scene', 'transporting']);

/** Dispatcher console: live queue, map of incidents and units, detail with recommendation. */
export function ConsolePage() {
  const { config } = useSession();
  const { dt } = useDt();
  const board = useBoard({ units: true });
  const now = useNow(1000);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ at: [number, number]; n: number } | null>(null);

  const queue = useMemo(() => [...board.incidents.values()].sort(byPriorityAndAge), [board.incidents]);
  const mapIncidents = useMemo<MapIncident[]>(
    () => queue.map((i) => ({ id: i.id, lon: i.lon, lat: i.lat, priority: i.priority, overdue: i.overdue })),
    [queue],
  );
  const mapUnits = useMemo<MapUnit[]>(
    () =>
      [...board.units.values()].flatMap((u) => {
        // Units without a fix stand at their home station (as the recommender assumes).
        const at = u.position ?? u.homeStation;
        return at && u.onDuty ? [{ id: u.id, lon: at.lon, lat: at.lat, busy: BUSY.has(u.status) }] : [];
      }),
    [board.units],
  );
  const selected = selectedId ? board.incidents.get(selectedId) : undefined;
  const select = (id: string) => {
    setSelectedId(id);
    const i = board.incidents.get(id);
    if (i) setFocus((f) => ({ at: [i.lon, i.lat], n: (f?.n ?? 0) + 1 }));
  };

  return (
    <div className="page d-console">
      <section className="d-queue" aria-label={dt('queue.title')}>
        <div className="d-queue-head">
          <h1 className="page-title">{dt('queue.title')}</h1>
          <span className="d-count" data-testid="queue-count">
            {dt('queue.count', { count: queue.length })}
          </span>
        </div>
        {board.loading && board.incidents.size === 0 && <Loading />}
        <DispatchProblem error={board.error} onRetry={board.reload} />
        <IncidentQueue items={queue} now={now} selectedId={selectedId} onSelect={select} />
        <UnitBoard units={board.units} />
      </section>
      <section className="d-center" aria-label={dt('map.label')}>
        <DispatchMap
          config={config}
          incidents={mapIncidents}
          units={mapUnits}
          selectedId={selectedId}
          onSelect={select}
          focus={focus}
          fitOnce
        />
      </section>
      <aside className="d-side" aria-live="off">
        {selected ? (
          <IncidentDetail key={selected.id} incident={selected} now={now} units={board.units} />
        ) : (
          <p className="muted">{dt('detail.none')}</p>
        )}
      </aside>
    </div>
  );
}
