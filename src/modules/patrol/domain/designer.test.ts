import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { randomInstance } from '../test-support/instances.ts';
import { allocateBeats } from './allocation.ts';
import { withAtomValues } from './atoms.ts';
import type { BeatDesign, DesignOptions } from './designer.ts';
import { designBeats } from './designer.ts';
import type { PatrolErrorCode } from './errors.ts';
import { isPatrolError } from './errors.ts';
import { isContiguous } from './graph.ts';
import { designQuality } from './quality.ts';

const atoms = randomInstance({ seed: 7, parents: 2, widthDeg: 0.05, heightDeg: 0.025, resolution: 9 });
const quick: DesignOptions = { sweeps: 60, minIterations: 5_000, recombineRounds: 2 };

function expectValid(design: BeatDesign, beats: number) {
  expect(design.beats).toHaveLength(beats);
  const seen = new Set<number>();
  design.beats.forEach((beat, b) => {
    expect(beat.atoms.length).toBeGreaterThan(0);
    expect(isContiguous(atoms, beat.atoms)).toBe(true);
    for (const i of beat.atoms) {
      expect(atoms.parentIds[atoms.parent[i]!]).toBe(beat.parentId);
      expect(design.assignment[i]).toBe(b);
      seen.add(i);
    }
  });
  expect(seen.size).toBe(atoms.ids.length);
}

function errorCode(fn: () => unknown): PatrolErrorCode | 'none' | 'other' {
  try {
    fn();
    return 'none';
  } catch (e) {
    return isPatrolError(e) ? e.code : 'other';
  }
}

describe('designBeats', () => {
  it('draws contiguous, nested, balanced beats', () => {
    const design = designBeats(atoms, { beats: 8, seed: 1 });
    expectValid(design, 8);
    const q = designQuality(atoms, design);
    expect(q.workload.cv).toBeLessThan(0.15);
    expect(q.polsbyPopper.median).toBeGreaterThan(0.45);
  });

  it('is deterministic by seed', () => {
    const a = designBeats(atoms, { beats: 6, seed: 3, ...quick });
    const b = designBeats(atoms, { beats: 6, seed: 3, ...quick });
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    expect(a.objective).toBe(b.objective);
  });

  it('reports monotone progress ending at 1', () => {
    const seen: number[] = [];
    designBeats(atoms, { beats: 6, seed: 2, ...quick, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    for (let k = 1; k < seen.length; k++) expect(seen[k]!).toBeGreaterThanOrEqual(seen[k - 1]!);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('stops at the time limit and still returns a valid design', () => {
    let t = 0;
    const design = designBeats(atoms, { beats: 6, seed: 2, now: () => (t += 5), timeLimitMs: 100 });
    expect(design.timedOut).toBe(true);
    expectValid(design, 6);
  });

  it('supports a beat count per parent, a target workload and a travel-time objective', () => {
    expectValid(designBeats(atoms, { beatsPerParent: { P1: 2, P2: 5 }, ...quick }), 7);
    const total = atoms.workload.reduce((a, b) => a + b, 0);
    expectValid(designBeats(atoms, { targetWorkloadPerBeat: total / 4, ...quick }), 4);
    const travelTime = (a: number, b: number) =>
      Math.hypot(atoms.x[a]! - atoms.x[b]!, atoms.y[a]! - atoms.y[b]!);
    expectValid(designBeats(atoms, { beats: 5, travelTime, ...quick }), 5);
  });

  it('keeps fixed beats exactly as given', () => {
    const centre = atoms.ids.findIndex((_, i) => atoms.parentIds[atoms.parent[i]!] === 'P1');
    const ring = h3.gridDisk(atoms.ids[centre]!, 1).filter((c) => {
      const i = atoms.ids.indexOf(c);
      return i >= 0 && atoms.parent[i] === atoms.parent[centre];
    });
    const design = designBeats(atoms, { beats: 6, fixedBeats: [{ id: 'park', atoms: ring }], ...quick });
    expectValid(design, 6);
    const park = design.beats.find((b) => b.id === 'park')!;
    expect(park.fixed).toBe(true);
    expect(park.atoms.map((i) => atoms.ids[i]).sort()).toEqual([...ring].sort());
  });

  it('rejects bad requests with stable codes', () => {
    const [a0, a1] = [atoms.ids[0]!, atoms.ids[1]!];
    const far = atoms.ids.find(
      (_, i) => atoms.parent[i] === atoms.parent[0] && Math.abs(atoms.x[i]! - atoms.x[0]!) > 1000,
    )!;
    expect(errorCode(() => designBeats(atoms, { beats: atoms.ids.length + 1 }))).toBe('TOO_MANY_BEATS');
    expect(errorCode(() => designBeats(atoms, { beats: 1 }))).toBe('TOO_FEW_BEATS');
    expect(
      errorCode(() => designBeats(withAtomValues(atoms, new Float64Array(atoms.ids.length)), { beats: 4 })),
    ).toBe('EMPTY_WORKLOAD');
    expect(
      errorCode(() => designBeats(atoms, { beats: 4, fixedBeats: [{ id: 'x', atoms: [a0, far] }] })),
    ).toBe('NONCONTIGUOUS_FIXED_BEAT');
    const twice = [
      { id: 'x', atoms: [a0] },
      { id: 'y', atoms: [a0, a1] },
    ];
    expect(errorCode(() => designBeats(atoms, { beats: 4, fixedBeats: twice }))).toBe('FIXED_BEAT_CONFLICT');
    expect(
      errorCode(() => designBeats(atoms, { beats: 4, fixedBeats: [{ id: 'x', atoms: ['nope'] }] })),
    ).toBe('UNKNOWN_ATOM');
    expect(errorCode(() => designBeats(atoms, {}))).toBe('INVALID_INPUT');
    expect(errorCode(() => designBeats(atoms, { beats: 4, timeLimitMs: 10 }))).toBe('INVALID_INPUT');
    expect(errorCode(() => designBeats(atoms, { beats: 4, targetWorkloadPerBeat: 10 }))).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('allocateBeats', () => {
  it('splits beats proportionally to workload with at least one each', () => {
    const zones = [
      { workload: 300, capacity: 100, minimum: 1 },
      { workload: 100, capacity: 100, minimum: 1 },
      { workload: 0, capacity: 5, minimum: 1 },
    ];
    expect(allocateBeats(zones, 9)).toEqual([6, 2, 1]);
    expect(allocateBeats(zones, 3)).toEqual([1, 1, 1]);
  });
});
