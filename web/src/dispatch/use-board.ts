import { useCallback, useEffect, useState } from 'react';
import { dispatchApi } from './dispatch-api.ts';
import { type DispatchEvent, useDispatchEvents } from './dispatch-live.ts';
import type { IncidentSummary, TimerReading, Unit } from './types.ts';

const OPEN = new Set(['new', 'queued', 'dispatched', 'en_route', 'on_scene', 'cleared']);

/** An incident with the local time it was last received, to run its timers between pushes. */
export interface LiveIncident extends IncidentSummary {
  seenAt: number;
  fresh: boolean;
}

/** Queue order: priority first, then oldest first. */
export function byPriorityAndAge(a: IncidentSummary, b: IncidentSummary): number {
  return a.priority - b.priority || a.receivedAt.localeCompare(b.receivedAt);
}

/** A timer's elapsed seconds `now`, advanced locally since the incident was received. */
export function liveElapsed(t: TimerReading, seenAt: number, now: number): number {
  return t.elapsedSeconds + Math.max(0, (now - seenAt) / 1000);
}

/** Level of a timer at `elapsed` seconds. */
export function levelAt(t: TimerReading, elapsed: number): 'ok' | 'warn' | 'alert' {
  return elapsed >= t.alertSeconds ? 'alert' : elapsed >= t.warnSeconds ? 'warn' : 'ok';
}

/** The running timer closest to (or furthest past) its alert threshold. */
export function worstTimer(i: LiveIncident, now: number): { timer: TimerReading; elapsed: number } | null {
  let best: { timer: TimerReading; elapsed: number; ratio: number } | null = null;
  for (const t of i.timers) {
    const elapsed = liveElapsed(t, i.seenAt, now);
    const ratio = elapsed / Math.max(1, t.alertSeconds);
    if (!best || ratio > best.ratio) best = { timer: t, elapsed, ratio };
  }
  return best;
}

/** Open incidents and units, loaded once and kept current from the live stream. */
export function useBoard(opts: { units: boolean }) {
  const [incidents, setIncidents] = useState<Map<string, LiveIncident>>(new Map());
  const [units, setUnits] = useState<Map<string, Unit>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    const now = Date.now();
    Promise.all([
      dispatchApi.incidents(ctl.signal),
      opts.units ? dispatchApi.units(ctl.signal) : Promise.resolve({ items: [] as Unit[] }),
    ]).then(
      ([inc, un]) => {
        setIncidents(new Map(inc.items.map((i) => [i.id, { ...i, seenAt: now, fresh: false }])));
        setUnits(new Map(un.items.map((u) => [u.id, u])));
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [tick, opts.units]);

  useDispatchEvents((e: DispatchEvent) => {
    if (e.type === 'dispatch.incident.created' || e.type === 'dispatch.incident.updated') {
      const i = e.payload;
      setIncidents((prev) => {
        const next = new Map(prev);
        const old = prev.get(i.id);
        if (old && old.updatedAt > i.updatedAt) return prev;
        if (OPEN.has(i.status)) next.set(i.id, { ...i, seenAt: Date.now(), fresh: !old });
        else next.delete(i.id);
        return next;
      });
    } else if (e.type === 'dispatch.timer.overdue') {
      const id = e.payload.incidentId;
      setIncidents((prev) => {
        const i = prev.get(id);
        return i && !i.overdue ? new Map(prev).set(id, { ...i, overdue: true }) : prev;
      });
    } else if (e.type === 'dispatch.unit.updated') {
      const u = e.payload;
      setUnits((prev) => new Map(prev).set(u.id, u));
    } else if (e.type === 'dispatch.unit.positions') {
      setUnits((prev) => {
        const next = new Map(prev);
        for (const p of e.payload.positions) {
          const u = next.get(p.unitId);
          if (u)
            next.set(u.id, {
              ...u,
              position: { lon: p.lon, lat: p.lat, at: p.at, speedKmh: null, heading: null },
            });
        }
        return next;
      });
    }
  });

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { incidents, units, error, loading, reload };
}

/** Re-render every `ms` milliseconds; returns the current time. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
