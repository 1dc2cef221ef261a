import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/i18n.ts';
import {
  ancestorIds,
  filterIds,
  type JurisdictionTree,
  localName,
  treeKeyAction,
  visibleRows,
} from './tree.ts';

/** Props of the tree list. */
export interface JurisdictionTreeProps {
  tree: JurisdictionTree;
  selectedId: string | null;
  onSelect: (id: string) => void;
  label: string;
}

function initialExpanded(tree: JurisdictionTree): Set<string> {
  // Open the top two levels so the list is useful at once.
  const s = new Set<string>();
  for (const r of tree.roots) {
    s.add(r.props.id);
    if (tree.roots.length === 1) for (const c of r.children) s.add(c.props.id);
  }
  return s;
}

/** Keyboard-navigable tree list (WAI-ARIA tree pattern, roving tabindex) with a filter box. */
export function JurisdictionTreeList({ tree, selectedId, onSelect, label }: JurisdictionTreeProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [expanded, setExpanded] = useState(() => initialExpanded(tree));
  const [query, setQuery] = useState('');
  const [focusId, setFocusId] = useState<string | null>(selectedId);
  const listRef = useRef<HTMLDivElement>(null);
  const keyboardMove = useRef(false);

  // Reveal a selection made elsewhere (e.g. a click on the map).
  useEffect(() => {
    if (!selectedId) return;
    setFocusId(selectedId);
    setExpanded((prev) => {
      const anc = ancestorIds(tree, selectedId);
      if (anc.every((a) => prev.has(a))) return prev;
      return new Set([...prev, ...anc]);
    });
  }, [selectedId, tree]);

  const keep = useMemo(() => filterIds(tree, query), [tree, query]);
  const rows = useMemo(() => visibleRows(tree, expanded, keep), [tree, expanded, keep]);
  const activeId = rows.some((r) => r.node.props.id === focusId) ? focusId : (rows[0]?.node.props.id ?? null);

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(activeId ?? '')}"]`);
    if (!el) return;
    if (keyboardMove.current) el.focus();
    else el.scrollIntoView({ block: 'nearest' });
    keyboardMove.current = false;
  }, [activeId]);

  const toggle = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  const move = (id: string) => {
    keyboardMove.current = true;
    setFocusId(id);
  };

  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const action = treeKeyAction(e.key, rows, index, keep !== null);
    if (action.kind === 'focus') move(action.id);
    else if (action.kind === 'expand') toggle(action.id, action.open);
    else if (action.kind === 'select') onSelect(action.id);
    // Keys that do nothing here (Tab, letters) keep their usual meaning.
    if (
      action.kind !== 'none' ||
      ['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End', ' '].includes(e.key)
    ) {
      e.preventDefault();
    }
  };

  return (
    <div className="tree-panel">
      <label className="field field-compact">
        <span className="visually-hidden">{t('tree.filter')}</span>
        <input
          type="search"
          value={query}
          placeholder={t('tree.filterPlaceholder')}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <div className="tree" role="tree" aria-label={label} ref={listRef}>
        {rows.length === 0 && <p className="muted tree-empty">{t('tree.noMatch')}</p>}
        {rows.map((row, i) => {
          const p = row.node.props;
          const hasKids = row.node.children.length > 0;
          return (
            <div
              key={p.id}
              data-id={p.id}
              role="treeitem"
              aria-level={row.depth}
              aria-posinset={row.pos}
              aria-setsize={row.size}
              aria-expanded={hasKids ? row.expanded : undefined}
              aria-selected={p.id === selectedId}
              tabIndex={p.id === activeId ? 0 : -1}
              className={p.id === selectedId ? 'tree-row is-selected' : 'tree-row'}
              style={{ paddingInlineStart: `${(row.depth - 1) * 14 + 4}px` }}
              onKeyDown={(e) => onKeyDown(e, i)}
              onFocus={() => setFocusId(p.id)}
              onClick={() => onSelect(p.id)}
            >
              <span
                className={hasKids ? 'tree-twisty' : 'tree-twisty is-leaf'}
                aria-hidden="true"
                onClick={(e) => {
                  e.stopPropagation();
                  if (hasKids && !keep) toggle(p.id);
                }}
              >
                {hasKids ? (row.expanded ? '▾' : '▸') : '·'}
              </span>
              <span className="tree-name">{localName(p, locale)}</span>
              <span className={`level-tag level-${p.level}`}>{t(`levelShort.${p.level}`)}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
