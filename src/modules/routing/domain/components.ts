import { type RoadGraph, renumberNodes } from './road-graph.ts';
import { hilbertOrder } from './spatial-order.ts';

/** Strongly connected components: component id of each node, and each component's size. */
export interface Components {
  readonly componentOf: Int32Array;
  readonly sizes: readonly number[];
}

/** Tarjan's algorithm, iterative (explicit call stack) so long roads don't overflow the JS stack. */
export function stronglyConnectedComponents(g: RoadGraph): Components {
  const n = g.nodeCount;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const calls = new Int32Array(n);
  const nextEdge = new Uint32Array(n);
  const componentOf = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  let counter = 0;
  let sp = 0;
  let cp = 0;
  const visit = (v: number): void => {
    index[v] = low[v] = counter++;
    stack[sp++] = v;
    onStack[v] = 1;
    calls[cp++] = v;
    nextEdge[v] = g.firstOut[v]!;
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    visit(root);
    while (cp > 0) {
      const v = calls[cp - 1]!;
      if (nextEdge[v]! < g.firstOut[v + 1]!) {
        const w = g.edgeTarget[nextEdge[v]!++]!;
        if (index[w] === -1) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      cp--;
      if (cp > 0) low[calls[cp - 1]!] = Math.min(low[calls[cp - 1]!]!, low[v]!);
      if (low[v] !== index[v]) continue;
      const id = sizes.length;
      let size = 0;
      let w: number;
      do {
        w = stack[--sp]!;
        onStack[w] = 0;
        componentOf[w] = id;
        size++;
      } while (w !== v);
      sizes.push(size);
    }
  }
  return { componentOf, sizes };
}

/** What keepLargestComponent removed. */
export interface ComponentReport {
  readonly components: number;
  readonly droppedComponents: number;
  readonly droppedNodes: number;
}

/**
 * Keeps only the largest strongly connected component, so every kept node can reach and be
 * reached from every other one (no search dead-ends in a one-way trap), and numbers the kept
 * nodes along a Hilbert curve for memory locality.
 */
export function keepLargestComponent(g: RoadGraph): { graph: RoadGraph; report: ComponentReport } {
  const { componentOf, sizes } = stronglyConnectedComponents(g);
  let best = -1;
  let bestSize = 0;
  sizes.forEach((s, i) => {
    if (s > bestSize) {
      best = i;
      bestSize = s;
    }
  });
  const kept: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) if (componentOf[v] === best) kept.push(v);
  const keptIds = Uint32Array.from(kept);
  const lat = Float64Array.from(keptIds, (v) => g.lat[v]!);
  const lon = Float64Array.from(keptIds, (v) => g.lon[v]!);
  const order = hilbertOrder(lat, lon);
  const newToOld = Uint32Array.from(order, (i) => keptIds[i]!);
  const report = {
    components: sizes.length,
    droppedComponents: Math.max(0, sizes.length - 1),
    droppedNodes: g.nodeCount - bestSize,
  };
  return { graph: renumberNodes(g, newToOld), report };
}
