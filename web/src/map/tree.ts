import type { Position } from 'geojson';
import type {
  JurisdictionCollection,
  JurisdictionFeature,
  JurisdictionLevel,
  JurisdictionProps,
  Locale,
} from '../api/types.ts';

/** Levels from the root down; the index is the depth rank. */
export const LEVELS: readonly JurisdictionLevel[] = ['county', 'township', 'village', 'grid'];

/** One node of the jurisdiction tree. */
export interface TreeNode {
  props: JurisdictionProps;
  feature: JurisdictionFeature;
  parent: TreeNode | null;
  children: TreeNode[];
}

/** The tree built from a feature collection. */
export interface JurisdictionTree {
  roots: TreeNode[];
  byId: Map<string, TreeNode>;
}

/** A visible row of the tree list. */
export interface TreeRow {
  node: TreeNode;
  depth: number;
  /** 1-based position among its siblings, and the sibling count (for aria-posinset/setsize). */
  pos: number;
  size: number;
  expanded: boolean;
}

/** Rank of a level (county 0 ... grid 3). */
export function levelRank(level: JurisdictionLevel): number {
  const i = LEVELS.indexOf(level);
  return i < 0 ? LEVELS.length : i;
}

/** Name in the UI language, falling back to the other one. */
export function localName(p: Pick<JurisdictionProps, 'nameZh' | 'nameEn'>, locale: Locale): string {
  return (locale === 'zh-CN' ? p.nameZh || p.nameEn : p.nameEn || p.nameZh) || '';
}

const byCode = (a: TreeNode, b: TreeNode) =>
  a.props.code.localeCompare(b.props.code, 'en', { numeric: true }) ||
  a.props.nameEn.localeCompare(b.props.nameEn);

/** Build the tree; nodes whose parent is not in the collection become roots (a scoped user's view). */
export function buildTree(fc: JurisdictionCollection): JurisdictionTree {
  const byId = new Map<string, TreeNode>();
  for (const f of fc.features) {
    const props = f.properties;
    byId.set(props.id, { props, feature: f, parent: null, children: [] });
  }
  const roots: TreeNode[] = [];
  for (const node of byId.values()) {
    const parent = node.props.parentId ? byId.get(node.props.parentId) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else roots.push(node);
  }
  for (const node of byId.values()) node.children.sort(byCode);
  roots.sort(byCode);
  return { roots, byId };
}

/** Ids of the node's ancestors, root first. */
export function ancestorIds(tree: JurisdictionTree, id: string): string[] {
  const out: string[] = [];
  let n = tree.byId.get(id)?.parent ?? null;
  while (n) {
    out.unshift(n.props.id);
    n = n.parent;
  }
  return out;
}

/** Ids of nodes matching `query` (name in either language or code) plus their ancestors; null = no filter. */
export function filterIds(tree: JurisdictionTree, query: string): Set<string> | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const keep = new Set<string>();
  for (const node of tree.byId.values()) {
    const p = node.props;
    if (
      p.nameZh.toLowerCase().includes(q) ||
      p.nameEn.toLowerCase().includes(q) ||
      p.code.toLowerCase().includes(q)
    ) {
      for (let n: TreeNode | null = node; n && !keep.has(n.props.id); n = n.parent) keep.add(n.props.id);
    }
  }
  return keep;
}

/** Rows currently visible given the expanded ids (and an optional filter, which expands everything kept). */
export function visibleRows(
  tree: JurisdictionTree,
  expanded: Set<string>,
  keep: Set<string> | null,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: TreeNode[], depth: number) => {
    const shown = keep ? nodes.filter((n) => keep.has(n.props.id)) : nodes;
    shown.forEach((node, i) => {
      const open = node.children.length > 0 && (keep !== null || expanded.has(node.props.id));
      rows.push({ node, depth, pos: i + 1, size: shown.length, expanded: open });
      if (open) walk(node.children, depth + 1);
    });
  };
  walk(tree.roots, 1);
  return rows;
}

/** What a key press on a tree row does (WAI-ARIA tree view pattern). */
export type TreeKeyAction =
  | { kind: 'focus'; id: string }
  | { kind: 'expand'; id: string; open: boolean }
  | { kind: 'select'; id: string }
  | { kind: 'none' };

/** Interpret `key` on row `index`; with a filter active every kept branch stays open. */
export function treeKeyAction(
  key: string,
  rows: TreeRow[],
  index: number,
  filtering: boolean,
): TreeKeyAction {
  const row = rows[index];
  if (!row) return { kind: 'none' };
  const focus = (r: TreeRow | undefined): TreeKeyAction =>
    r ? { kind: 'focus', id: r.node.props.id } : { kind: 'none' };
  const id = row.node.props.id;
  const hasKids = row.node.children.length > 0;
  switch (key) {
    case 'ArrowDown':
      return focus(rows[index + 1]);
    case 'ArrowUp':
      return focus(rows[index - 1]);
    case 'Home':
      return focus(rows[0]);
    case 'End':
      return focus(rows[rows.length - 1]);
    case 'ArrowRight':
      if (hasKids && !row.expanded) return { kind: 'expand', id, open: true };
      return hasKids ? focus(rows[index + 1]) : { kind: 'none' };
    case 'ArrowLeft':
      if (hasKids && row.expanded && !filtering) return { kind: 'expand', id, open: false };
      return row.node.parent ? { kind: 'focus', id: row.node.parent.props.id } : { kind: 'none' };
    case 'Enter':
    case ' ':
      return { kind: 'select', id };
    default:
      return { kind: 'none' };
  }
}

/** [west, south, east, north] of a feature's geometry, or null when it has no coordinates. */
export function featureBbox(f: JurisdictionFeature): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const add = (p: Position) => {
    const [x, y] = p as [number, number];
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  };
  const g = f.geometry;
  if (!g) return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) for (const ring of poly) for (const p of ring) add(p);
  return w === Infinity ? null : [w, s, e, n];
}

/** Bounding box of many features. */
export function collectionBbox(
  features: readonly JurisdictionFeature[],
): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const f of features) {
    const b = featureBbox(f);
    if (!b) continue;
    box = box
      ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])]
      : b;
  }
  return box;
}
