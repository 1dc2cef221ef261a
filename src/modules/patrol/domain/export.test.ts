import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { randomInstance } from '../test-support/instances.ts';
import { designBeats } from './designer.ts';
import { beatFeatures } from './export.ts';
import { designQuality } from './quality.ts';

describe('beatFeatures', () => {
  it('exports each beat as the union of its atoms', () => {
    const atoms = randomInstance({
      seed: 3,
      parents: 2,
      widthDeg: 0.03,
      heightDeg: 0.02,
      resolution: 9,
      mode: 'clip',
    });
    const design = designBeats(atoms, { beats: 5, seed: 1, sweeps: 30, minIterations: 2_000 });
    const fc = beatFeatures(atoms, design);
    const q = designQuality(atoms, design);
    expect(fc.features).toHaveLength(5);
    fc.features.forEach((f, b) => {
      expect(f.properties).toEqual({ id: design.beats[b]!.id, parentId: design.beats[b]!.parentId });
      expect(turf.area(f) / q.beats[b]!.areaM2).toBeCloseTo(1, 2);
    });
  });
});
