import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/i18n.ts';
import { type JurisdictionTree, localName } from './tree.ts';

/** Names, code, level and neighbours of the selected jurisdiction. */
export function JurisdictionDetails({
  tree,
  selectedId,
  onSelect,
}: {
  tree: JurisdictionTree;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const node = selectedId ? tree.byId.get(selectedId) : undefined;
  if (!node) {
    return (
      <section className="details" aria-labelledby="details-title">
        <h2 id="details-title" className="panel-title">
          {t('map.details')}
        </h2>
        <p className="muted">{t('map.selectHint')}</p>
      </section>
    );
  }
  const p = node.props;
  const chain: { id: string; name: string }[] = [];
  for (let n = node.parent; n; n = n.parent)
    chain.unshift({ id: n.props.id, name: localName(n.props, locale) });
  return (
    <section className="details" aria-labelledby="details-title" aria-live="polite" data-testid="details">
      <h2 id="details-title" className="panel-title">
        {localName(p, locale)}
      </h2>
      {chain.length > 0 && (
        <nav className="crumbs" aria-label={t('map.parents')}>
          {chain.map((c) => (
            <button key={c.id} type="button" className="link-button" onClick={() => onSelect(c.id)}>
              {c.name}
            </button>
          ))}
        </nav>
      )}
      <dl className="props">
        <dt>{t('jurisdiction.nameZh')}</dt>
        <dd lang="zh-CN">{p.nameZh}</dd>
        <dt>{t('jurisdiction.nameEn')}</dt>
        <dd lang="en">{p.nameEn}</dd>
        <dt>{t('jurisdiction.code')}</dt>
        <dd>
          <code>{p.code}</code>
        </dd>
        <dt>{t('jurisdiction.level')}</dt>
        <dd>
          <span className={`level-tag level-${p.level}`}>{t(`level.${p.level}`)}</span>
        </dd>
      </dl>
      {node.children.length > 0 && (
        <>
          <h3 className="panel-subtitle">{t('map.children', { count: node.children.length })}</h3>
          <ul className="child-list">
            {node.children.map((c) => (
              <li key={c.props.id}>
                <button type="button" className="link-button" onClick={() => onSelect(c.props.id)}>
                  {localName(c.props, locale)}
                </button>
                <code className="muted">{c.props.code}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
