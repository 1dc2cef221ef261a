import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepLargestComponent, stronglyConnectedComponents } from './components.ts';
import type { RoadGraph } from './road-graph.ts';
import { arbitraryGraph } from './test-support/reference-dijkstra.ts';

function reachable(g: RoadGraph, from: number): boolean[] {
  const seen = new Array<boolean>(g.nodeCount).fill(false);
  const stack = [from];
  seen[from] = true;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let e = g.firstOut[v]!; e < g.firstOut[v + 1]!; e++) {
      const w = g.edgeTarget[e]!;
      if (!seen[w]) {
        seen[w] = true;
        stack.push(w);
      }
    }
  }
  return seen;
}

describe('stronglyConnectedComponents', () => {
  it('puts two nodes together exactly when each reaches the other', () => {
    fc.assert(
      fc.property(arbitraryGraph, (g) => {
        const { componentOf, sizes } = stronglyConnectedComponents(g);
        const reach = Array.from({ length: g.nodeCount }, (_, v) => reachable(g, v));
        for (let a = 0; a < g.nodeCount; a++) {
          for (let b = 0; b < g.nodeCount; b++) {
            expect(componentOf[a] === componentOf[b]).toBe(reach[a]![b]! && reach[b]![a]!);
          }
        }
        expect(sizes.reduce((s, x) => s + x, 0)).toBe(g.nodeCount);
      }),
      { numRuns: 200 },
    );
  });
});

describe('keepLargestComponent', () => {
  it('keeps one strongly connected component of the largest size, with its edges', () => {
    fc.assert(
      fc.property(arbitraryGraph, (g) => {
        const { sizes } = stronglyConnectedComponents(g);
        const { graph, report } = keepLargestComponent(g);
        expect(graph.nodeCount).toBe(Math.max(...sizes));
        expect(stronglyConnectedComponents(graph).sizes).toEqual([graph.nodeCount]);
        expect(report.components).toBe(sizes.length);
        expect(report.droppedNodes).toBe(g.nodeCount - graph.nodeCount);
        const total = (x: RoadGraph) => x.edgeSeconds.reduce((s, w) => s + w, 0);
        expect(total(graph)).toBeLessThanOrEqual(total(g) + 1e-6);
      }),
      { numRuns: 200 },
    );
  });
});
