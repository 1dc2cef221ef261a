/**
 * Whether a permission list grants `required`. Grants may be exact (`users.manage`),
 * a prefix wildcard (`dispatch.*`) or everything (`*`).
 */
export function hasPermission(granted: readonly string[], required: string | null): boolean {
  if (required === null) return true;
  for (const g of granted) {
    if (g === required || g === '*') return true;
    if (g.endsWith('.*') && required.startsWith(g.slice(0, -1))) return true;
  }
  return false;
}
