import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { JurisdictionDetails } from './jurisdiction-details.tsx';
import { JurisdictionMap } from './jurisdiction-map.tsx';
import { useJurisdictions } from './jurisdiction-store.ts';
import { JurisdictionTreeList } from './jurisdiction-tree.tsx';

/** Map of the jurisdiction tree with the tree list and the selection's details. */
export function MapPage() {
  const { t } = useTranslation();
  const { config } = useSession();
  const { data, tree, error, loading, reload } = useJurisdictions();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  const selectFromList = (id: string) => {
    setSelectedId(id);
    setFocusRequest((n) => n + 1);
  };

  return (
    <div className="page page-map">
      <h1 className="visually-hidden">{t('nav.map')}</h1>
      <aside className="map-side" aria-label={t('tree.label')}>
        <h2 className="panel-title">{t('tree.label')}</h2>
        {error ? <ProblemView error={error} onRetry={reload} /> : null}
        {loading && !tree && <Loading />}
        {tree && (
          <JurisdictionTreeList
            tree={tree}
            selectedId={selectedId}
            onSelect={selectFromList}
            label={t('tree.label')}
          />
        )}
      </aside>
      <section className="map-main" aria-label={t('map.region')} aria-busy={loading}>
        <JurisdictionMap
          config={config}
          data={data}
          selectedId={selectedId}
          focusRequest={focusRequest}
          onSelect={setSelectedId}
        />
      </section>
      <aside className="map-details">
        {tree ? <JurisdictionDetails tree={tree} selectedId={selectedId} onSelect={selectFromList} /> : null}
      </aside>
    </div>
  );
}
