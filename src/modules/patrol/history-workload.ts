// Workload from history: closed dispatch incidents (weighted by the minutes units actually spent
// on scene where recorded) and incidents imported for analysis, in the design's area and period.
// Read through the dispatch and analysis public surfaces, in the planner's jurisdiction scope.
import type { Database } from '../../core/db/database.ts';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { importedIncidentHistory } from '../analysis/index.ts';
import { closedIncidentHistory } from '../dispatch/index.ts';
import type { Incident } from './domain/workload.ts';

/** The `history` workload source of a design request. */
export interface HistorySource {
  source: 'history';
  /** ISO date-times: incidents received/occurred in [from, to). */
  from: string;
  to: string;
  types?: string[];
  sources?: ('dispatch' | 'imported')[];
}

/** Incidents and per-type on-scene minutes ready for the design inputs, and where they came from. */
export interface HistoryWorkload {
  incidents: Incident[];
  onSceneMinutes: Record<string, number>;
  counts: { dispatch: number; imported: number; timed: number };
}

/** Most incidents a design takes from history (the inputs are stored with the design). */
export const MAX_HISTORY_INCIDENTS = 200_000;

/** A unit on scene counts at least a minute (recorded times are rounded; zero would erase a call). */
const MIN_ON_SCENE = 1;

/**
 * Per-type mean of the recorded on-scene minutes; types never timed get the mean of all timed
 * incidents, so dispatch and imported incidents weigh alike. Empty when nothing was timed
 * (every incident then counts 1).
 */
export function onSceneMinutesByType(
  incidents: readonly Incident[],
  timed: readonly { type: string; minutes: number }[],
): Record<string, number> {
  if (timed.length === 0) return {};
  const sum = new Map<string, { total: number; n: number }>();
  let all = 0;
  for (const t of timed) {
    const s = sum.get(t.type) ?? { total: 0, n: 0 };
    s.total += t.minutes;
    s.n++;
    sum.set(t.type, s);
    all += t.minutes;
  }
  const overall = all / timed.length;
  const out: Record<string, number> = {};
  for (const inc of incidents) {
    if (inc.type === undefined || out[inc.type] !== undefined) continue;
    const s = sum.get(inc.type);
    out[inc.type] = s ? s.total / s.n : overall;
  }
  return out;
}

/** Reads the history of the area (`path`, `bbox`) for a design; bad periods and empty history are 400. */
export async function historyWorkload(
  database: Database,
  actor: Actor,
  area: { path: string; bbox: readonly number[] },
  req: HistorySource,
): Promise<HistoryWorkload> {
  const from = new Date(req.from);
  const to = new Date(req.to);
  if (!(from.getTime() < to.getTime()))
    throw invalid('patrol.bad_period', 'The history period must end after it starts', {
      from: req.from,
      to: req.to,
    });
  const sources = new Set(req.sources ?? ['dispatch', 'imported']);
  const query = {
    from,
    to,
    within: area.path,
    bbox: area.bbox,
    types: req.types,
    limit: MAX_HISTORY_INCIDENTS + 1,
  };
  const closed = sources.has('dispatch') ? await closedIncidentHistory(database, actor, query) : [];
  const imported = sources.has('imported') ? await importedIncidentHistory(database, actor, query) : [];
  if (closed.length + imported.length > MAX_HISTORY_INCIDENTS)
    throw invalid(
      'patrol.history_too_large',
      `More than ${MAX_HISTORY_INCIDENTS} incidents in the period: choose a shorter period or fewer types`,
      { max: MAX_HISTORY_INCIDENTS },
    );
  if (closed.length + imported.length === 0)
    throw invalid('patrol.empty_history', 'No closed or imported incidents in this area and period', {
      from: req.from,
      to: req.to,
    });
  const timed: { type: string; minutes: number }[] = [];
  const incidents: Incident[] = [];
  for (const c of closed) {
    const inc: Incident = { lon: c.lon, lat: c.lat, type: c.type, time: c.time };
    if (c.onSceneMinutes !== null) {
      inc.weight = Math.max(MIN_ON_SCENE, c.onSceneMinutes);
      timed.push({ type: c.type, minutes: inc.weight });
    }
    incidents.push(inc);
  }
  for (const i of imported) incidents.push({ lon: i.lon, lat: i.lat, type: i.type, time: i.time });
  return {
    incidents,
    onSceneMinutes: onSceneMinutesByType(incidents, timed),
    counts: { dispatch: closed.length, imported: imported.length, timed: timed.length },
  };
}
