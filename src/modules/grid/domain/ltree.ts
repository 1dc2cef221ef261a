/** Jurisdiction paths are PostgreSQL ltree strings: dot-separated labels, e.g. `c1.t2.v3.g4`. */
const LABEL = /^[A-Za-z0-9_-]{1,1000}$/;

/** Whether a string is a valid non-empty ltree path (labels of letters, digits, `_`, `-`). */
export function isValidLtree(path: string): boolean {
  if (path.length === 0 || path.length > 65_535) return false;
  return path.split('.').every((l) => LABEL.test(l));
}

/** Throws RangeError unless `path` is a valid ltree path; returns it for chaining. */
export function assertLtree(path: string): string {
  if (!isValidLtree(path)) throw new RangeError(`not a valid jurisdiction path: ${JSON.stringify(path)}`);
  return path;
}

/** Number of labels in a path. */
export function ltreeDepth(path: string): number {
  return path.split('.').length;
}

/** Parent path, or null for a root (single label). */
export function ltreeParent(path: string): string | null {
  const i = path.lastIndexOf('.');
  return i < 0 ? null : path.slice(0, i);
}

/** Ancestor `levels` steps up (0 = itself), or null when the tree is not that deep. */
export function ltreeAncestor(path: string, levels: number): string | null {
  const labels = path.split('.');
  if (levels < 0 || levels >= labels.length) return null;
  return labels.slice(0, labels.length - levels).join('.');
}

/** Whether `ancestor` is `path` itself or one of its ancestors (ltree `@>`), label-wise. */
export function isAncestorOrSelf(ancestor: string, path: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}
