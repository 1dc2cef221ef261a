import { cellToBoundary, cellToLatLng, latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { type Actor, inScope } from '../../core/identity/actor.ts';
import type { DispatchContext } from './context.ts';
import { shiftState } from './domain/shifts.ts';
import { isCapability } from './domain/unit-kinds.ts';
import { isAssignable } from './domain/unit-status.ts';
import { unitScope } from './scope.ts';
import { effectivePosition, queryUnits, type UnitRow } from './views.ts';

const RES = 8;
const MAX_MOVE_UP_UNITS = 40;
const MAX_TARGETS = 24;
const MAX_SUGGESTIONS = 3;

/** The coverage layer and move-up suggestions (docs/api/dispatch.md). */
export interface CoverageView {
  minutes: number;
  capability: string;
  cells: {
    type: 'FeatureCollection';
    features: {
      type: 'Feature';
      geometry: { type: 'Polygon'; coordinates: [number, number][][] };
      properties: { h3: string; bestSeconds: number | null };
    }[];
  };
  coveredShare: number;
  moveUps: {
    unitId: string;
    callSign: string;
    from: { lon: number; lat: number };
    to: { lon: number; lat: number };
    toH3: string;
    gainCells: number;
  }[];
}

// Cell of every graph node, per graph (cached: a graph version never changes).
const nodeCells = new WeakMap<Float64Array, string[]>();

function cellsOfNodes(lat: Float64Array, lon: Float64Array): string[] {
  let cells = nodeCells.get(lat);
  if (!cells) {
    cells = Array.from({ length: lat.length }, (_, v) => latLngToCell(lat[v]!, lon[v]!, RES));
    nodeCells.set(lat, cells);
  }
  return cells;
}

/** Best seconds per cell (min over its road nodes) for node times. */
function bestPerCell(
  cells: readonly string[],
  seconds: Float64Array,
  keep: ReadonlySet<string>,
): Map<string, number> {
  const best = new Map<string, number>();
  for (let v = 0; v < cells.length; v++) {
    const c = cells[v]!;
    if (!keep.has(c)) continue;
    const s = seconds[v]!;
    if (s < (best.get(c) ?? Number.POSITIVE_INFINITY)) best.set(c, s);
    else if (!best.has(c)) best.set(c, s);
  }
  return best;
}

/**
 * Road places in the actor's jurisdictions beyond `minutes` of every available unit with the
 * capability (H3 cells of the road graph), and which idle unit to move where to close the gap.
 */
export async function coverage(
  ctx: DispatchContext,
  actor: Actor,
  q: { minutes?: number; capability?: string },
): Promise<CoverageView> {
  const minutes = q.minutes ?? 8;
  const capability = q.capability && isCapability(q.capability) ? q.capability : 'patrol';
  const limit = minutes * 60;
  const now = Date.now();
  const units = (await queryUnits(ctx.database.db, sql`${unitScope(actor)}`)).filter((u) => {
    const p = effectivePosition(u, now);
    const onShift = shiftState(u.shifts ?? [], new Date(now), ctx.timeZone).onShift;
    return u.capabilities.includes(capability) && isAssignable(u.status) && onShift && p.position && !p.stale;
  });
  const positions = units.map((u) => effectivePosition(u, now).position!);
  const all = ctx.network.nodeTimes(positions, limit);
  if (!all)
    return {
      minutes,
      capability,
      cells: { type: 'FeatureCollection', features: [] },
      coveredShare: 0,
      moveUps: [],
    };
  const cells = cellsOfNodes(all.lat, all.lon);
  const keep = new Set<string>();
  for (const c of new Set(cells)) {
    const [lat, lon] = cellToLatLng(c);
    const place = ctx.jurisdictions.locate(lon, lat);
    if (place && inScope(actor, place.path)) keep.add(c);
  }
  const best = bestPerCell(cells, all.seconds, keep);
  const uncovered = [...best].filter(([, s]) => !(s <= limit)).map(([c]) => c);
  const features = uncovered.sort().map((c) => ({
    type: 'Feature' as const,
    geometry: {
      type: 'Polygon' as const,
      coordinates: [closeRing(cellToBoundary(c, true) as [number, number][])],
    },
    properties: { h3: c, bestSeconds: null },
  }));
  const moveUps = suggestMoveUps(ctx, units, positions, cells, keep, new Set(uncovered), limit);
  return {
    minutes,
    capability,
    cells: { type: 'FeatureCollection', features },
    coveredShare: best.size === 0 ? 0 : Math.round((1 - uncovered.length / best.size) * 1000) / 1000,
    moveUps,
  };
}

function closeRing(ring: [number, number][]): [number, number][] {
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/**
 * Greedy move-ups: for idle units whose coverage others duplicate and for spread-out gap cells,
 * the (unit, target) pairs that cover the most gap cells while losing the fewest.
 */
function suggestMoveUps(
  ctx: DispatchContext,
  units: readonly UnitRow[],
  positions: readonly { lon: number; lat: number }[],
  cells: readonly string[],
  keep: ReadonlySet<string>,
  gaps: ReadonlySet<string>,
  limit: number,
): CoverageView['moveUps'] {
  if (gaps.size === 0 || units.length === 0) return [];
  const coveredBy = (p: { lon: number; lat: number }) => {
    const t = ctx.network.nodeTimes([p], limit);
    if (!t) return new Set<string>();
    const out = new Set<string>();
    for (const [c, s] of bestPerCell(cells, t.seconds, keep)) if (s <= limit) out.add(c);
    return out;
  };
  const idle = units
    .slice(0, MAX_MOVE_UP_UNITS)
    .map((u, i) => ({ unit: u, from: positions[i]!, covers: coveredBy(positions[i]!) }));
  const count = new Map<string, number>();
  for (const u of idle) for (const c of u.covers) count.set(c, (count.get(c) ?? 0) + 1);
  const lossOf = (u: (typeof idle)[number]) => [...u.covers].filter((c) => count.get(c) === 1).length;
  const gapList = [...gaps].sort();
  const step = Math.max(1, Math.floor(gapList.length / MAX_TARGETS));
  const targets = gapList
    .filter((_, i) => i % step === 0)
    .slice(0, MAX_TARGETS)
    .map((c) => {
      const [lat, lon] = cellToLatLng(c);
      return { cell: c, at: { lon, lat }, covers: coveredBy({ lon, lat }) };
    });
  const out: CoverageView['moveUps'] = [];
  const usedUnits = new Set<string>();
  const closed = new Set<string>();
  for (let k = 0; k < MAX_SUGGESTIONS; k++) {
    let bestPick: {
      u: (typeof idle)[number];
      t: (typeof targets)[number];
      gain: number;
      net: number;
    } | null = null;
    for (const u of idle) {
      if (usedUnits.has(u.unit.id)) continue;
      const loss = lossOf(u);
      for (const t of targets) {
        const gain = [...t.covers].filter((c) => gaps.has(c) && !closed.has(c)).length;
        const net = gain - loss;
        if (net > 0 && (!bestPick || net > bestPick.net)) bestPick = { u, t, gain, net };
      }
    }
    if (!bestPick) break;
    usedUnits.add(bestPick.u.unit.id);
    for (const c of bestPick.t.covers) closed.add(c);
    out.push({
      unitId: bestPick.u.unit.id,
      callSign: bestPick.u.unit.call_sign,
      from: bestPick.u.from,
      to: bestPick.t.at,
      toH3: bestPick.t.cell,
      gainCells: bestPick.gain,
    });
  }
  return out;
}
