import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/i18n.ts';
import { filterIds, type JurisdictionTree, localName, visibleRows } from '../map/tree.ts';

/** Checkbox list of all jurisdictions, indented by depth, with a filter. */
export function JurisdictionPicker({
  tree,
  value,
  onChange,
}: {
  tree: JurisdictionTree;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [query, setQuery] = useState('');
  const all = useMemo(() => new Set(tree.byId.keys()), [tree]);
  const keep = useMemo(() => filterIds(tree, query), [tree, query]);
  const rows = useMemo(() => visibleRows(tree, all, keep), [tree, all, keep]);
  const chosen = new Set(value);

  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));

  return (
    <fieldset className="picker">
      <legend>{t('users.jurisdictions')}</legend>
      <div className="picker-chosen">
        {value.length === 0 && <span className="muted">{t('users.noJurisdictions')}</span>}
        {value.map((id) => {
          const n = tree.byId.get(id);
          return (
            <span key={id} className="chip">
              {n ? localName(n.props, locale) : id}
            </span>
          );
        })}
      </div>
      <input
        type="search"
        aria-label={t('tree.filter')}
        placeholder={t('tree.filterPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
      />
      <div className="picker-list">
        {rows.map(({ node, depth }) => (
          <label
            key={node.props.id}
            className="picker-row"
            style={{ paddingInlineStart: `${(depth - 1) * 14}px` }}
          >
            <input
              type="checkbox"
              checked={chosen.has(node.props.id)}
              onChange={(e) => toggle(node.props.id, e.target.checked)}
            />
            <span>{localName(node.props, locale)}</span>
            <span className={`level-tag level-${node.props.level}`}>
              {t(`levelShort.${node.props.level}`)}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
