import { useTranslation } from 'react-i18next';
import { navigate, subPath, usePathname } from '../app/router.tsx';
import { currentLocale } from '../i18n/i18n.ts';
import { useJurisdictions } from '../map/jurisdiction-store.ts';
import { JurisdictionTreeList } from '../map/jurisdiction-tree.tsx';
import { localName } from '../map/tree.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { JurisdictionForm } from './jurisdiction-form.tsx';

const BASE = '/admin/jurisdictions';

/** The jurisdiction tree with an editor for names and codes. */
export function JurisdictionsPage() {
  const { t } = useTranslation();
  const path = usePathname();
  const selectedId = subPath(path, BASE);
  const { tree, error, loading, reload } = useJurisdictions();
  const node = selectedId ? tree?.byId.get(selectedId) : undefined;

  return (
    <div className="page page-split page-split-left">
      <aside className="split-side" aria-labelledby="jtree-title">
        <h1 id="jtree-title" className="panel-title">
          {t('jurisdictions.title')}
        </h1>
        <ProblemView error={error} onRetry={reload} />
        {loading && !tree && <Loading />}
        {tree && (
          <JurisdictionTreeList
            tree={tree}
            selectedId={selectedId}
            onSelect={(id) => navigate(`${BASE}/${encodeURIComponent(id)}`)}
            label={t('jurisdictions.title')}
          />
        )}
      </aside>
      <section className="split-main page-pad" aria-labelledby="jedit-title">
        <h2 id="jedit-title" className="page-title">
          {node ? localName(node.props, currentLocale()) : t('jurisdictions.edit')}
        </h2>
        {node ? (
          <JurisdictionForm
            key={node.props.id}
            props={node.props}
            parentName={node.parent ? localName(node.parent.props, currentLocale()) : null}
          />
        ) : (
          <p className="muted">{t('jurisdictions.selectHint')}</p>
        )}
      </section>
    </div>
  );
}
