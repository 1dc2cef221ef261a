import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import { designBeats } from './domain/designer.ts';
import { isContiguous } from './domain/graph.ts';
import { designQuality } from './domain/quality.ts';
import { assignWorkload } from './domain/workload.ts';
import { CHICAGO, chicagoAtoms, readAssaults, readRealBeats } from './test-support/chicago.ts';

const districts = sharedDataPath(CHICAGO.districts);
const beats = sharedDataPath(CHICAGO.beats);
const assaults = sharedDataPath(CHICAGO.assaults);

describe.skipIf(!districts || !beats || !assaults)('Chicago: 277 beats from aggravated assaults', () => {
  it('measures the real 2012 beats close to the reference figures', () => {
    const incidents = readAssaults(assaults!);
    const real = assignWorkload(readRealBeats(beats!), incidents);
    const q = designQuality(real.atoms, {
      assignment: Int32Array.from(real.atoms.ids, (_, i) => i),
      beats: real.atoms.ids.map((id, i) => ({ id, parentId: real.atoms.parentIds[real.atoms.parent[i]!]! })),
    });
    console.log(
      `real beats: CV ${q.workload.cv.toFixed(3)} max/mean ${q.workload.maxOverMean.toFixed(2)} ` +
        `PP median ${q.polsbyPopper.median.toFixed(3)} p10 ${q.polsbyPopper.p10.toFixed(3)}`,
    );
    expect(q.beats).toHaveLength(277);
    expect(q.workload.cv).toBeGreaterThan(0.6);
    expect(q.workload.cv).toBeLessThan(0.7);
    expect(q.workload.maxOverMean).toBeCloseTo(3.2, 0);
    expect(q.polsbyPopper.median).toBeCloseTo(0.69, 1);
  }, 120_000);

  it('designs contiguous beats nested in districts with a much lower workload CV', () => {
    const incidents = readAssaults(assaults!);
    const realQ = (() => {
      const real = assignWorkload(readRealBeats(beats!), incidents);
      return designQuality(real.atoms, {
        assignment: Int32Array.from(real.atoms.ids, (_, i) => i),
        beats: real.atoms.ids.map((id, i) => ({
          id,
          parentId: real.atoms.parentIds[real.atoms.parent[i]!]!,
        })),
      });
    })();
    const { atoms } = chicagoAtoms(districts!, incidents, 277);
    const design = designBeats(atoms, { beats: 277, seed: 1, now: () => Date.now(), timeLimitMs: 45_000 });
    const q = designQuality(atoms, design);
    console.log(
      `designed beats: CV ${q.workload.cv.toFixed(3)} max/mean ${q.workload.maxOverMean.toFixed(2)} ` +
        `PP median ${q.polsbyPopper.median.toFixed(3)} p10 ${q.polsbyPopper.p10.toFixed(3)} timedOut ${design.timedOut}`,
    );
    expect(design.beats).toHaveLength(277);
    expect(new Set(design.beats.map((b) => b.parentId)).size).toBe(23);
    for (const beat of design.beats) {
      expect(isContiguous(atoms, beat.atoms)).toBe(true);
      expect(beat.atoms.every((i) => atoms.parentIds[atoms.parent[i]!] === beat.parentId)).toBe(true);
    }
    expect(q.contiguity.all && q.nesting.all).toBe(true);
    expect(q.workload.cv).toBeLessThanOrEqual(0.4 * realQ.workload.cv);
    expect(q.polsbyPopper.median).toBeGreaterThan(0.55);
  }, 300_000);
});
