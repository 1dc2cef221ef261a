import type { AtomSet } from './atoms.ts';

/**
 * Connected components of the atoms whose `label` equals their component key, walking only
 * contiguity edges (same parent, shared boundary). Returns component id per atom (-1 outside).
 */
export function labelComponents(atoms: AtomSet, label: Int32Array): { component: Int32Array; count: number } {
  const n = atoms.ids.length;
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (label[s]! < 0 || component[s] !== -1) continue;
    component[s] = count;
    stack.push(s);
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
        const j = atoms.adjIndex[k]!;
        if (component[j] !== -1 || label[j] !== label[i] || atoms.adjShared[k]! <= 0) continue;
        if (atoms.parent[j] !== atoms.parent[i]) continue;
        component[j] = count;
        stack.push(j);
      }
    }
    count++;
  }
  return { component, count };
}

/** True when the given atoms form one connected piece via contiguity edges (empty: false). */
export function isContiguous(atoms: AtomSet, members: readonly number[]): boolean {
  if (members.length === 0) return false;
  const inSet = new Set(members);
  const seen = new Set<number>([members[0]!]);
  const stack = [members[0]!];
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (let k = atoms.adjStart[i]!; k < atoms.adjStart[i + 1]!; k++) {
      const j = atoms.adjIndex[k]!;
      if (!inSet.has(j) || seen.has(j) || atoms.adjShared[k]! <= 0) continue;
      if (atoms.parent[j] !== atoms.parent[i]) continue;
      seen.add(j);
      stack.push(j);
    }
  }
  return seen.size === inSet.size;
}

/** Index lists per group for a label vector (labels < 0 skipped). */
export function groupBy(label: Int32Array, groups: number): number[][] {
  const out: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < label.length; i++) if (label[i]! >= 0) out[label[i]!]!.push(i);
  return out;
}
