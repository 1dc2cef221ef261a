// Beat designer: parameters, running designs with a live progress bar, side-by-side comparison,
// and the chosen design on the map (moves, publish, export); GeoJSON import.
import { useEffect, useState } from 'react';
import { getJurisdictions } from '../api/endpoints.ts';
import { useLiveEvent } from '../app/live-context.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { useAsync } from '../ui/use-async.ts';
import { DesignEditor } from './design-editor.tsx';
import { DesignForm } from './design-form.tsx';
import { DesignReport } from './design-report.tsx';
import { usePt } from './i18n.ts';
import { type Design, patrolApi } from './patrol-api.ts';
import './patrol.css';

/** The beat designer screen. */
export function DesignerPage() {
  const { pt, zhUi } = usePt();
  const list = useAsync((s) => patrolApi.designs(s), []);
  const areas = useAsync(
    async (s) => {
      const fc = await getJurisdictions(s);
      return fc.features
        .filter((f) => f.geometry && (f.properties.level === 'county' || f.properties.level === 'township'))
        .map((f) => ({ id: f.properties.id, name: zhUi ? f.properties.nameZh : f.properties.nameEn }));
    },
    [zhUi],
  );
  const [compare, setCompare] = useState<string[]>([]);
  const [shown, setShown] = useState<string | null>(null);
  const [full, setFull] = useState<Record<string, Design>>({});
  const designs = list.data ?? [];
  const running = designs.some((d) => d.runState === 'running');

  const patch = (id: string, change: Partial<Design>) =>
    list.setData((prev) => prev?.map((d) => (d.id === id ? { ...d, ...change } : d)));
  useLiveEvent('patrol.design.progress', (e) => {
    patch(e.payload.id, { progress: e.payload.progress, runState: e.payload.runState });
    if (e.payload.runState !== 'running') list.reload();
  });
  // The live stream may be down; poll while a design runs so the bar still moves.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(list.reload, 1500);
    return () => clearInterval(timer);
  }, [running, list.reload]);
  // Full designs (with quality) of the compared and shown ones, refreshed when they change.
  const wanted = [...new Set([...compare, ...(shown ? [shown] : [])])];
  const stamp = wanted
    .map((id) => designs.find((d) => d.id === id))
    .map((d) => `${d?.id}:${d?.runState}:${d?.status}`)
    .join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: stamp summarises the designs wanted
  useEffect(() => {
    for (const id of wanted) {
      const d = designs.find((x) => x.id === id);
      if (d?.runState === 'done') void patrolApi.design(id).then((x) => setFull((f) => ({ ...f, [id]: x })));
    }
  }, [stamp]);

  const onChanged = (d: Design) => {
    setFull((f) => ({ ...f, [d.id]: d }));
    patch(d.id, d);
  };
  return (
    <div className="patrol-page">
      <h1>{pt('designer.title')}</h1>
      <div className="patrol-columns">
        <DesignForm
          areas={areas.data ?? []}
          count={designs.length}
          onStarted={(d) => {
            list.setData((prev) => [d, ...(prev ?? [])]);
          }}
        />
        <section aria-labelledby="patrol-designs" className="patrol-designs">
          <h2 id="patrol-designs">{pt('designer.designs')}</h2>
          {list.error ? <ProblemView error={list.error} onRetry={list.reload} /> : null}
          {designs.length === 0 && !list.loading ? <p>{pt('designer.noDesigns')}</p> : null}
          <ul className="patrol-design-list">
            {designs.map((d) => (
              <li key={d.id} data-run-state={d.runState} data-testid="patrol-design">
                <label>
                  <input
                    type="checkbox"
                    checked={compare.includes(d.id)}
                    disabled={d.runState !== 'done'}
                    onChange={(e) =>
                      setCompare((c) => (e.target.checked ? [...c, d.id] : c.filter((x) => x !== d.id)))
                    }
                  />{' '}
                  {pt('designer.compare')} {d.name}
                </label>{' '}
                <span>
                  {d.status === 'published'
                    ? pt('designer.published', { date: d.effectiveFrom?.slice(0, 10) })
                    : pt('designer.draft')}
                </span>
                {d.runState === 'running' ? (
                  <span className="patrol-progress">
                    <progress
                      max={1}
                      value={d.progress}
                      aria-label={`${pt('designer.progressLabel')} ${d.name}`}
                    />{' '}
                    {pt('designer.running', { pct: Math.round(d.progress * 100) })}
                  </span>
                ) : null}
                {d.runState === 'failed' ? (
                  <span role="alert">{pt('designer.failed', { error: d.error })}</span>
                ) : null}
                {d.runState === 'done' ? (
                  <button type="button" onClick={() => setShown(d.id)} aria-pressed={shown === d.id}>
                    {pt('designer.show')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {shown && full[shown] ? <DesignEditor design={full[shown]} onChanged={onChanged} /> : null}
      <DesignReport designs={compare.map((id) => full[id]).filter((d): d is Design => Boolean(d))} />
    </div>
  );
}
