import type { AllocationZone } from './allocation.ts';
import { allocateBeats, beatsForTarget } from './allocation.ts';
import type { AtomSet } from './atoms.ts';
import { PatrolError } from './errors.ts';
import { groupBy, isContiguous, labelComponents } from './graph.ts';

/** A beat whose atoms are given and must not change (e.g. an airport or a park beat). */
export interface FixedBeat {
  id: string;
  /** Atom ids (H3 indexes or polygon ids). */
  atoms: readonly string[];
}

/** How many beats to draw: a total, a count per parent, or a target workload per beat. */
export interface BeatCountSpec {
  beats?: number;
  beatsPerParent?: Readonly<Record<string, number>>;
  targetWorkloadPerBeat?: number;
}

/** A fixed beat resolved to atom indices. */
export interface ResolvedFixedBeat {
  id: string;
  parent: number;
  members: number[];
}

/** Resolves and validates fixed beats: known atoms, disjoint, one parent, contiguous. */
export function resolveFixedBeats(atoms: AtomSet, fixed: readonly FixedBeat[]): ResolvedFixedBeat[] {
  const index = new Map(atoms.ids.map((id, i) => [id, i]));
  const owner = new Map<number, string>();
  return fixed.map((f) => {
    if (f.atoms.length === 0) throw new PatrolError('INVALID_INPUT', `Fixed beat ${f.id} has no atoms`);
    const members = f.atoms.map((id) => {
      const i = index.get(id);
      if (i === undefined)
        throw new PatrolError('UNKNOWN_ATOM', `Fixed beat ${f.id}: unknown atom ${id}`, { id });
      const prev = owner.get(i);
      if (prev !== undefined) {
        throw new PatrolError('FIXED_BEAT_CONFLICT', `Atom ${id} is in fixed beats ${prev} and ${f.id}`, {
          id,
        });
      }
      owner.set(i, f.id);
      return i;
    });
    const parent = atoms.parent[members[0]!]!;
    if (members.some((i) => atoms.parent[i] !== parent)) {
      throw new PatrolError(
        'FIXED_BEAT_CONFLICT',
        `Fixed beat ${f.id} spans several parents (beats must nest)`,
      );
    }
    if (!isContiguous(atoms, members)) {
      throw new PatrolError('NONCONTIGUOUS_FIXED_BEAT', `Fixed beat ${f.id} is not contiguous`, {
        beat: f.id,
      });
    }
    return { id: f.id, parent, members };
  });
}

/** A connected free territory of one parent and its workload. */
export interface FreeZone {
  parent: number;
  members: number[];
  workload: number;
}

/** Free zones: connected pieces of each parent after removing fixed-beat atoms. */
export function freeZones(atoms: AtomSet, fixed: readonly ResolvedFixedBeat[]): FreeZone[] {
  const label = Int32Array.from(atoms.parent);
  for (const f of fixed) for (const i of f.members) label[i] = -1;
  const { component, count } = labelComponents(atoms, label);
  return groupBy(component, count).map((members) => ({
    parent: atoms.parent[members[0]!]!,
    members,
    workload: members.reduce((s, i) => s + atoms.workload[i]!, 0),
  }));
}

function allocationZones(zones: readonly FreeZone[]): AllocationZone[] {
  return zones.map((z) => ({ workload: z.workload, capacity: z.members.length, minimum: 1 }));
}

function perParent(
  atoms: AtomSet,
  zones: readonly FreeZone[],
  fixed: readonly ResolvedFixedBeat[],
  spec: Readonly<Record<string, number>>,
) {
  const seats = new Array<number>(zones.length).fill(0);
  atoms.parentIds.forEach((pid, p) => {
    const wanted = spec[pid];
    if (wanted === undefined || !Number.isInteger(wanted) || wanted < 0) {
      throw new PatrolError(
        'INVALID_INPUT',
        `beatsPerParent must give a whole number of beats for parent ${pid}`,
      );
    }
    const idx = zones.flatMap((z, i) => (z.parent === p ? [i] : []));
    const free = wanted - fixed.filter((f) => f.parent === p).length;
    const got = allocateBeats(allocationZones(idx.map((i) => zones[i]!)), free);
    idx.forEach((zi, k) => {
      seats[zi] = got[k]!;
    });
  });
  return seats;
}

/** Number of beats for each free zone according to the count specification. */
export function beatsPerZone(
  atoms: AtomSet,
  zones: readonly FreeZone[],
  fixed: readonly ResolvedFixedBeat[],
  spec: BeatCountSpec,
): number[] {
  const given = [spec.beats, spec.beatsPerParent, spec.targetWorkloadPerBeat].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new PatrolError(
      'INVALID_INPUT',
      'Give exactly one of beats, beatsPerParent or targetWorkloadPerBeat',
    );
  }
  if (spec.beatsPerParent) return perParent(atoms, zones, fixed, spec.beatsPerParent);
  if (spec.targetWorkloadPerBeat !== undefined)
    return beatsForTarget(allocationZones(zones), spec.targetWorkloadPerBeat);
  const total = spec.beats!;
  if (!Number.isInteger(total) || total < 1)
    throw new PatrolError('INVALID_INPUT', 'beats must be a positive integer');
  if (total > atoms.ids.length) {
    throw new PatrolError(
      'TOO_MANY_BEATS',
      `${total} beats requested but there are only ${atoms.ids.length} atoms`,
      {
        requested: total,
        atoms: atoms.ids.length,
      },
    );
  }
  return allocateBeats(allocationZones(zones), total - fixed.length);
}
