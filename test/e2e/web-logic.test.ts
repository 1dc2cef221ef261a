import { describe, expect, it } from 'vitest';
import { backoffDelay, compareIds } from '../../web/src/api/live.ts';
import type { JurisdictionCollection, JurisdictionLevel } from '../../web/src/api/types.ts';
import { hasPermission } from '../../web/src/app/permissions.ts';
import {
  ancestorIds,
  buildTree,
  collectionBbox,
  filterIds,
  localName,
  treeKeyAction,
  visibleRows,
} from '../../web/src/map/tree.ts';

// Pure parts of the SPA, run under Node (the e2e tests cover them again in the browser).

function square(id: string, parentId: string | null, level: JurisdictionLevel, code: string, x: number) {
  return {
    type: 'Feature' as const,
    id,
    properties: { id, parentId, path: code, level, code, nameZh: `区${code}`, nameEn: `Area ${code}` },
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [x, 0],
          [x + 1, 0],
          [x + 1, 1],
          [x, 1],
          [x, 0],
        ],
      ],
    },
  };
}

const fc: JurisdictionCollection = {
  type: 'FeatureCollection',
  features: [
    square('g2', 'v1', 'grid', '0102', 3),
    square('c', null, 'county', '01', 0),
    square('v1', 'c', 'village', '01', 1),
    square('g1', 'v1', 'grid', '0101', 2),
    square('orphan', 'missing', 'village', '09', 5),
  ],
};

describe('jurisdiction tree', () => {
  const tree = buildTree(fc);

  it('links children to parents, sorted by code, and makes out-of-scope parents roots', () => {
    expect(tree.roots.map((r) => r.props.id)).toEqual(['c', 'orphan']);
    expect(tree.byId.get('v1')!.children.map((c) => c.props.id)).toEqual(['g1', 'g2']);
    expect(ancestorIds(tree, 'g2')).toEqual(['c', 'v1']);
  });

  it('shows only expanded branches, with ARIA positions', () => {
    const rows = visibleRows(tree, new Set(['c']), null);
    expect(rows.map((r) => [r.node.props.id, r.depth, r.pos, r.size])).toEqual([
      ['c', 1, 1, 2],
      ['v1', 2, 1, 1],
      ['orphan', 1, 2, 2],
    ]);
  });

  it('filters by name in either language or code and keeps ancestors', () => {
    const keep = filterIds(tree, 'area 0102')!;
    expect([...keep].sort()).toEqual(['c', 'g2', 'v1']);
    expect(visibleRows(tree, new Set(), keep).map((r) => r.node.props.id)).toEqual(['c', 'v1', 'g2']);
    expect(filterIds(tree, '  ')).toBeNull();
  });

  it('maps keys to tree actions like the WAI-ARIA tree pattern', () => {
    const rows = visibleRows(tree, new Set(['c']), null); // c, v1 (collapsed), orphan
    expect(treeKeyAction('ArrowDown', rows, 0, false)).toEqual({ kind: 'focus', id: 'v1' });
    expect(treeKeyAction('ArrowUp', rows, 0, false)).toEqual({ kind: 'none' });
    expect(treeKeyAction('End', rows, 0, false)).toEqual({ kind: 'focus', id: 'orphan' });
    expect(treeKeyAction('ArrowRight', rows, 1, false)).toEqual({ kind: 'expand', id: 'v1', open: true });
    expect(treeKeyAction('ArrowRight', rows, 0, false)).toEqual({ kind: 'focus', id: 'v1' });
    expect(treeKeyAction('ArrowLeft', rows, 0, false)).toEqual({ kind: 'expand', id: 'c', open: false });
    expect(treeKeyAction('ArrowLeft', rows, 0, true)).toEqual({ kind: 'none' });
    expect(treeKeyAction('ArrowLeft', rows, 1, false)).toEqual({ kind: 'focus', id: 'c' });
    expect(treeKeyAction('Enter', rows, 2, false)).toEqual({ kind: 'select', id: 'orphan' });
    expect(treeKeyAction('Tab', rows, 2, false)).toEqual({ kind: 'none' });
  });

  it('names in the UI language with a fallback', () => {
    expect(localName({ nameZh: '东湖', nameEn: 'Donghu' }, 'zh-CN')).toBe('东湖');
    expect(localName({ nameZh: '东湖', nameEn: '' }, 'en')).toBe('东湖');
  });

  it('computes the bounding box of all features', () => {
    expect(collectionBbox(fc.features)).toEqual([0, 0, 6, 1]);
  });
});

describe('permissions', () => {
  it('grant exact names, prefix wildcards and everything', () => {
    expect(hasPermission(['users.manage'], 'users.manage')).toBe(true);
    expect(hasPermission(['dispatch.*'], 'dispatch.assign')).toBe(true);
    expect(hasPermission(['dispatch.*'], 'dispatcher.x')).toBe(false);
    expect(hasPermission(['*'], 'audit.read')).toBe(true);
    expect(hasPermission([], null)).toBe(true);
    expect(hasPermission(['jurisdictions.read'], 'jurisdictions.manage')).toBe(false);
  });
});

describe('live client arithmetic', () => {
  it('compares ids beyond 2^53 numerically', () => {
    expect(compareIds('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareIds('10', '9')).toBe(1);
    expect(compareIds('7', '7')).toBe(0);
  });

  it('backs off exponentially up to the ceiling, with jitter in the upper half', () => {
    expect(backoffDelay(1, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(1, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(4, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 500, 30_000, () => 0)).toBe(15_000);
  });
});
