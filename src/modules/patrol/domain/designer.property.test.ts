import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomInstance } from '../test-support/instances.ts';
import { designBeats } from './designer.ts';
import { isContiguous } from './graph.ts';

describe('designBeats properties', () => {
  it('every output beat is contiguous and nested, every atom in exactly one beat', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 8 }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.constantFrom<'clip' | 'centre'>('clip', 'centre'),
        fc.boolean(),
        (seed, parents, extra, emptyShare, mode, island) => {
          const atoms = randomInstance({
            seed,
            parents,
            widthDeg: 0.012 * parents,
            heightDeg: 0.012,
            resolution: 9,
            mode,
            emptyShare,
            island,
          });
          // An island is a separate piece of its parent and needs a beat of its own.
          const beats = Math.min(atoms.ids.length, parents + (island ? 1 : 0) + extra);
          const design = designBeats(atoms, {
            beats,
            seed,
            sweeps: 20,
            minIterations: 1_000,
            // Several merge-and-split rounds: later pairs can go stale after earlier re-splits.
            recombineRounds: 4,
            sweepsPerPair: 5,
          });
          expect(design.beats).toHaveLength(beats);
          const count = new Int32Array(atoms.ids.length);
          design.beats.forEach((beat, b) => {
            expect(isContiguous(atoms, beat.atoms)).toBe(true);
            for (const i of beat.atoms) {
              count[i]!++;
              expect(design.assignment[i]).toBe(b);
              expect(atoms.parentIds[atoms.parent[i]!]).toBe(beat.parentId);
            }
          });
          expect(count.every((c) => c === 1)).toBe(true);
        },
      ),
      { numRuns: 30, seed: 42 },
    );
  });
});
