import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session.tsx';
import { currentLocale } from '../i18n/i18n.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { JurisdictionDetails } from './jurisdiction-details.tsx';
import { JurisdictionMap, type MapLabel } from './jurisdiction-map.tsx';
import { useJurisdictions } from './jurisdiction-store.ts';
import { JurisdictionTreeList } from './jurisdiction-tree.tsx';
import { featureBbox, type JurisdictionTree, localName, type TreeNode } from './tree.ts';

const MAX_LABELS = 60;

/** Names of the selection's sub-areas (or of the top areas' children when nothing is selected). */
function labelsFor(tree: JurisdictionTree | null, selectedId: string | null): MapLabel[] {
  if (!tree) return [];
  const selected = selectedId ? tree.byId.get(selectedId) : undefined;
  let nodes: TreeNode[] = selected ? selected.children : tree.roots.flatMap((r) => r.children);
  if (selected && nodes.length === 0) nodes = [selected];
  const locale = currentLocale();
  return nodes.slice(0, MAX_LABELS).flatMap((n) => {
    const b = featureBbox(n.feature);
    if (!b) return [];
    return [{ id: n.props.id, text: localName(n.props, locale), at: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] }];
  });
}

/** Map of the jurisdiction tree with the tree list and the selection's details. */
export function MapPage() {
  const { t, i18n } = useTranslation();
  const { config } = useSession();
  const { data, tree, error, loading, reload } = useJurisdictions();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: names change with the language
  const labels = useMemo(() => labelsFor(tree, selectedId), [tree, selectedId, i18n.language]);

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
          labels={labels}
        />
      </section>
      <aside className="map-details">
        {tree ? <JurisdictionDetails tree={tree} selectedId={selectedId} onSelect={selectFromList} /> : null}
      </aside>
    </div>
  );
}
