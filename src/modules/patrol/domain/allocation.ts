import { PatrolError } from './errors.ts';

/** A territory that receives whole beats: one connected free piece of one parent. */
export interface AllocationZone {
  workload: number;
  /** Most beats it can hold (its atom count). */
  capacity: number;
  /** Fewest beats it needs (1 for a non-empty zone). */
  minimum: number;
}

/**
 * Splits `total` beats across zones proportionally to workload with the Sainte-Laguë
 * (Webster) highest-averages rule, after giving each zone its minimum and within capacity.
 */
export function allocateBeats(zones: readonly AllocationZone[], total: number): number[] {
  const seats = zones.map((z) => z.minimum);
  const used = seats.reduce((a, b) => a + b, 0);
  const capacity = zones.reduce((a, z) => a + z.capacity, 0);
  if (total < used) {
    throw new PatrolError(
      'TOO_FEW_BEATS',
      `${total} beats cannot cover ${used} separate areas (every disconnected piece of a parent needs its own beat)`,
      { requested: total, minimum: used },
    );
  }
  if (total > capacity) {
    throw new PatrolError(
      'TOO_MANY_BEATS',
      `${total} beats requested but only ${capacity} atoms are available`,
      {
        requested: total,
        atoms: capacity,
      },
    );
  }
  for (let left = total - used; left > 0; left--) {
    let best = -1;
    let bestQ = -Infinity;
    zones.forEach((z, i) => {
      if (seats[i]! >= z.capacity) return;
      // Zero-workload zones only get extra beats when nothing else can take them.
      const q = z.workload > 0 ? z.workload / (seats[i]! + 0.5) : -1 / (seats[i]! + 1);
      if (q > bestQ) {
        bestQ = q;
        best = i;
      }
    });
    seats[best]!++;
  }
  return seats;
}

/** Beats per zone for a target workload per beat (at least the minimum, at most capacity). */
export function beatsForTarget(zones: readonly AllocationZone[], target: number): number[] {
  if (!(target > 0)) throw new PatrolError('INVALID_INPUT', 'targetWorkloadPerBeat must be positive');
  return zones.map((z) => Math.min(z.capacity, Math.max(z.minimum, Math.round(z.workload / target))));
}
