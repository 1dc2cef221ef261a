import { assertLtree, isAncestorOrSelf, ltreeDepth } from './ltree.ts';

/** Wildcard service code: "any type not listed more specifically". */
export const ANY_SERVICE = '*';

/** One row of the matrix: requests of `serviceCode` in the subtree `jurisdictionPath` go to `departmentId`. */
export interface ResponsibilityEntry {
  serviceCode: string;
  jurisdictionPath: string;
  departmentId: string;
}

/** Result of a lookup, with the row that decided it. */
export interface ResponsibilityMatch {
  departmentId: string;
  entry: ResponsibilityEntry;
}

/** A built matrix, ready for lookups. */
export interface ResponsibilityMatrix {
  readonly entries: readonly ResponsibilityEntry[];
  /** Department in charge, or null when no row covers the type at that path. */
  resolve(serviceCode: string, jurisdictionPath: string): ResponsibilityMatch | null;
}

/**
 * Builds the matrix; throws RangeError on a malformed path or two rows for the same
 * (type, path). Rows inherit down the tree. Lookup order: rows for the exact type, the most
 * specific (deepest) covering jurisdiction first; only when none covers the path, wildcard
 * rows, again deepest first. So a village's catch-all never overrides a county's explicit
 * assignment of a type, but does override the county's own catch-all.
 */
export function buildResponsibilityMatrix(entries: readonly ResponsibilityEntry[]): ResponsibilityMatrix {
  const byCode = new Map<string, ResponsibilityEntry[]>();
  const seen = new Set<string>();
  for (const e of entries) {
    assertLtree(e.jurisdictionPath);
    if (e.serviceCode === '' || e.departmentId === '')
      throw new RangeError('empty service code or department');
    const key = `${e.serviceCode}\u0000${e.jurisdictionPath}`;
    if (seen.has(key)) {
      throw new RangeError(`duplicate responsibility for ${e.serviceCode} at ${e.jurisdictionPath}`);
    }
    seen.add(key);
    const list = byCode.get(e.serviceCode) ?? [];
    list.push(e);
    byCode.set(e.serviceCode, list);
  }
  for (const list of byCode.values()) {
    list.sort((a, b) => ltreeDepth(b.jurisdictionPath) - ltreeDepth(a.jurisdictionPath));
  }
  const deepest = (code: string, path: string) =>
    byCode.get(code)?.find((e) => isAncestorOrSelf(e.jurisdictionPath, path)) ?? null;
  return {
    entries: [...entries],
    resolve(serviceCode, jurisdictionPath) {
      assertLtree(jurisdictionPath);
      const hit =
        (serviceCode === ANY_SERVICE ? null : deepest(serviceCode, jurisdictionPath)) ??
        deepest(ANY_SERVICE, jurisdictionPath);
      return hit ? { departmentId: hit.departmentId, entry: hit } : null;
    },
  };
}
