import { describe, expect, it } from 'vitest';
import { stripParents } from '../test-support/instances.ts';
import { buildH3Atoms } from './h3-atoms.ts';
import { replayDispatch, replaySummary } from './replay.ts';
import { assignWorkload } from './workload.ts';

describe('replayDispatch', () => {
  it('uses the own unit, then the nearest free neighbour, then the first unit to free up', () => {
    const base = buildH3Atoms(stripParents(2, 0.02, 0.01), { resolution: 9 });
    const a = { lon: 0.005, lat: 0.005 };
    const b = { lon: 0.015, lat: 0.005 };
    const incidents = [
      { ...a, time: 0 },
      { ...a, time: 60_000 },
      { ...a, time: 120_000 },
      { ...b, time: 10_000_000 },
      { lon: 9, lat: 9, time: 5 },
    ].sort(() => 0);
    const { atoms, atomOf } = assignWorkload(base, incidents);
    const design = {
      assignment: Int32Array.from(atoms.parent),
      beats: [
        { id: 'P1', parentId: 'P1' },
        { id: 'P2', parentId: 'P2' },
      ],
    };
    const r = replayDispatch(atoms, design, incidents, atomOf, {
      travelTimeS: () => 60,
      defaultOnSceneMinutes: 30,
    });
    // 1: own unit (60 s). 2: own busy, neighbour free (60 s). 3: both busy; own frees at 1860 s -> 1800 s.
    expect(Array.from(r.responses)).toEqual([60, 60, 1800, 60]);
    expect(r.count).toBe(4);
    expect(r.skipped).toBe(1);
    expect(r.ownBeatShare).toBe(0.75);
    expect(r.neighbourShare).toBe(0.25);
    expect(r.queuedShare).toBe(0.25);
    expect(r.mean).toBe(495);
    expect(r.max).toBe(1800);
    const summary = replaySummary(r, 60, 20);
    // Three answered in the second minute, one after the last bin (30 minutes).
    expect(summary.histogram.counts).toHaveLength(21);
    expect(summary.histogram.counts[1]).toBe(3);
    expect(summary.histogram.counts[20]).toBe(1);
    expect(summary.histogram.counts.reduce((a, b) => a + b, 0)).toBe(summary.count);
    expect(summary).toMatchObject({ count: 4, skipped: 1, mean: 495, max: 1800, ownBeatShare: 0.75 });
  });
});
