// Which units cover which key places when: a greedy proposal that fills each time window with the
// required presence while keeping a share of every unit's time free for calls (response readiness).
// Pure: no I/O.

/** A window and a point as the proposal needs them. */
export interface CoverageWindow {
  id: string;
  start: string;
  end: string;
}
/** A key place with its required presence (minutes per window it is listed in). */
export interface CoveragePoint {
  id: string;
  minutes: number;
  windowIds: readonly string[];
}

/** One visit: a unit at a point for a slice of a window (clock times HH:MM). */
export interface CoverageVisit {
  windowId: string;
  unitCode: string;
  pointId: string;
  start: string;
  end: string;
}

/** The proposal and its balance figures. */
export interface CoverageProposal {
  visits: CoverageVisit[];
  /** Points (per window) whose presence could not be placed within the readiness limit. */
  uncovered: { windowId: string; pointId: string; minutes: number }[];
  /** Share of the required presence minutes placed (1 = all). */
  coverage: number;
  /** Mean share of unit time left free for calls over the windows (1 = all free). */
  readiness: number;
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toClock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * Assigns presence greedily (longest first) to the least-loaded unit whose committed time stays
 * within `maxShare` of the window; what does not fit is reported as uncovered.
 */
export function proposeCoverage(
  windows: readonly CoverageWindow[],
  points: readonly CoveragePoint[],
  units: readonly string[],
  maxShare = 0.5,
): CoverageProposal {
  const visits: CoverageVisit[] = [];
  const uncovered: CoverageProposal['uncovered'] = [];
  let required = 0;
  let placed = 0;
  let freeShare = 0;
  for (const w of windows) {
    const start = toMin(w.start);
    const length = Math.max(0, toMin(w.end) - start);
    const load = new Map(units.map((u) => [u, 0]));
    const wanted = points
      .filter((p) => p.windowIds.includes(w.id) && p.minutes > 0)
      .sort((a, b) => b.minutes - a.minutes);
    for (const p of wanted) {
      const minutes = Math.min(p.minutes, length);
      required += minutes;
      const unit = [...load]
        .filter(([, l]) => l + minutes <= maxShare * length)
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
      if (!unit) {
        uncovered.push({ windowId: w.id, pointId: p.id, minutes });
        continue;
      }
      const [code, used] = unit;
      visits.push({
        windowId: w.id,
        unitCode: code,
        pointId: p.id,
        start: toClock(start + used),
        end: toClock(start + used + minutes),
      });
      load.set(code, used + minutes);
      placed += minutes;
    }
    if (units.length > 0 && length > 0) {
      freeShare += [...load.values()].reduce((s, l) => s + (1 - l / length), 0) / units.length;
    }
  }
  return {
    visits,
    uncovered,
    coverage: required > 0 ? placed / required : 1,
    readiness: windows.length > 0 && units.length > 0 ? freeShare / windows.length : 1,
  };
}
