/**
 * Jurisdictions are ltree-style dot paths (`city.east.t01`), as in core/jurisdictions:
 * a jurisdiction covers itself and its whole subtree.
 */

/** True when `path` is `root` or lies below it. */
export function jurisdictionCovers(root: string, path: string): boolean {
  return path === root || path.startsWith(`${root}.`);
}

/** The path and every ancestor, nearest first: `a.b.c` -> [`a.b.c`, `a.b`, `a`]. */
export function jurisdictionAncestors(path: string): string[] {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join('.'));
  return out;
}
