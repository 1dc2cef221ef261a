import type { AtomEdge, AtomInput } from './atoms.ts';
import type { MultiPolygonCoords } from './geo.ts';
import { localProjection } from './geo.ts';

type Seg = [number, number, number, number];

function segments(shape: MultiPolygonCoords, lon0: number, lat0: number): Seg[] {
  const p = localProjection(lon0, lat0);
  const out: Seg[] = [];
  for (const poly of shape) {
    for (const ring of poly) {
      for (let k = 1; k < ring.length; k++) {
        const a = ring[k - 1]!;
        const b = ring[k]!;
        out.push([p.x(a[0]), p.y(a[1]), p.x(b[0]), p.y(b[1])]);
      }
    }
  }
  return out;
}

/** Length of segment s running along segment t within `tol` metres (0 when not collinear). */
function overlap(s: Seg, t: Seg, tol: number): number {
  const len = Math.hypot(t[2] - t[0], t[3] - t[1]);
  if (len === 0) return 0;
  const ux = (t[2] - t[0]) / len;
  const uy = (t[3] - t[1]) / len;
  const [ax, ay, bx, by] = [s[0] - t[0], s[1] - t[1], s[2] - t[0], s[3] - t[1]];
  if (Math.abs(ax * uy - ay * ux) > tol || Math.abs(bx * uy - by * ux) > tol) return 0;
  const ta = ax * ux + ay * uy;
  const tb = bx * ux + by * uy;
  return Math.max(0, Math.min(Math.max(ta, tb), len) - Math.max(Math.min(ta, tb), 0));
}

/** Shared boundary length in metres of two small shapes (collinear stretches within `tol`). */
export function sharedBoundaryM(a: MultiPolygonCoords, b: MultiPolygonCoords, tol = 2): number {
  const first = a[0]?.[0]?.[0];
  if (!first) return 0;
  const sa = segments(a, first[0], first[1]);
  const sb = segments(b, first[0], first[1]);
  let total = 0;
  for (const s of sa) for (const t of sb) total += overlap(s, t, tol);
  return total;
}

function find(uf: Int32Array, i: number): number {
  while (uf[i] !== i) {
    uf[i] = uf[uf[i]!]!;
    i = uf[i]!;
  }
  return i;
}

function components(inputs: readonly AtomInput[], edges: readonly AtomEdge[]): Int32Array {
  const uf = Int32Array.from(inputs, (_, i) => i);
  for (const e of edges) {
    if (e.shared > 0 && inputs[e.a]!.parentId === inputs[e.b]!.parentId) uf[find(uf, e.a)] = find(uf, e.b);
  }
  return Int32Array.from(inputs, (_, i) => find(uf, i));
}

/**
 * Gives tiny disconnected fragments of a parent (digitising slivers, centre-assignment
 * leftovers) to the neighbouring parent they share most boundary with, so they do not each
 * demand a beat of their own. A parent's largest piece is never moved; real islands bigger
 * than `maxArea` stay. Mutates `inputs[].parentId` and the shared length of the new edges.
 */
export function mergeFragments(
  inputs: AtomInput[],
  edges: AtomEdge[],
  shapeOf: (i: number) => MultiPolygonCoords,
  maxArea: number,
): number {
  const root = components(inputs, edges);
  const area = new Map<number, number>();
  inputs.forEach((a, i) => {
    area.set(root[i]!, (area.get(root[i]!) ?? 0) + a.area);
  });
  const largest = new Map<string, number>();
  for (const [r, a] of area) {
    const p = inputs[r]!.parentId;
    const cur = largest.get(p);
    if (cur === undefined || a > area.get(cur)!) largest.set(p, r);
  }
  const byAtom = new Map<number, number[]>();
  edges.forEach((e, k) => {
    for (const i of [e.a, e.b]) {
      const list = byAtom.get(i);
      if (list) list.push(k);
      else byAtom.set(i, [k]);
    }
  });
  let moved = 0;
  for (const [r, a] of [...area].sort((x, y) => x[0] - y[0])) {
    if (a >= maxArea || largest.get(inputs[r]!.parentId) === r) continue;
    const members = inputs.flatMap((_, i) => (root[i] === r ? [i] : []));
    moved += reassign(inputs, edges, byAtom, members, shapeOf);
  }
  return moved;
}

function reassign(
  inputs: AtomInput[],
  edges: AtomEdge[],
  byAtom: Map<number, number[]>,
  members: number[],
  shapeOf: (i: number) => MultiPolygonCoords,
): number {
  const inFragment = new Set(members);
  const from = inputs[members[0]!]!.parentId;
  const perParent = new Map<string, number>();
  const lengths = new Map<number, number>();
  for (const i of members) {
    for (const k of byAtom.get(i) ?? []) {
      const e = edges[k]!;
      const j = e.a === i ? e.b : e.a;
      if (inFragment.has(j) || inputs[j]!.parentId === from) continue;
      const len = sharedBoundaryM(shapeOf(i), shapeOf(j));
      lengths.set(k, len);
      perParent.set(inputs[j]!.parentId, (perParent.get(inputs[j]!.parentId) ?? 0) + len);
    }
  }
  const target = [...perParent].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
  if (!target || target[1] <= 0) return 0;
  for (const i of members) inputs[i]!.parentId = target[0];
  for (const [k, len] of lengths)
    if (inputs[edges[k]!.a]!.parentId === inputs[edges[k]!.b]!.parentId) edges[k]!.shared = len;
  return members.length;
}
