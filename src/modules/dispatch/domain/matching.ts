/** Size of a maximum bipartite matching of `left` items into `right` slots (Kuhn's augmenting paths). */
export function bipartiteMatchingSize<L, R>(
  left: readonly L[],
  right: readonly R[],
  edge: (l: L, r: R) => boolean,
): number {
  const owner: (number | null)[] = right.map(() => null);
  const augment = (u: number, seen: boolean[]): boolean => {
    for (let s = 0; s < right.length; s++) {
      if (seen[s] || !edge(left[u]!, right[s]!)) continue;
      seen[s] = true;
      if (owner[s] === null || augment(owner[s]!, seen)) {
        owner[s] = u;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let u = 0; u < left.length; u++)
    if (
      augment(
        u,
        right.map(() => false),
      )
    )
      size++;
  return size;
}
