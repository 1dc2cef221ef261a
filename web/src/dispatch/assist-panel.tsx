import { Loading } from '../ui/progress.tsx';
import { formatDistance, formatDuration, useDt } from './i18n.ts';
import { useReference } from './incident-actions.tsx';
import type { AssistView } from './types.ts';

/** Duplicates, jurisdiction and premise history for the point being typed. */
export function AssistPanel({
  view,
  loading,
  hasPoint,
  mergeId,
  onMerge,
  typeName,
}: {
  view: AssistView | undefined;
  loading: boolean;
  hasPoint: boolean;
  mergeId: string | null;
  onMerge: (id: string | null, number: string | null) => void;
  /** Name of an incident type in the UI language (the code when unknown). */
  typeName: (code: string) => string;
}) {
  const { dt, loc } = useDt();
  const ref = useReference();
  const disposition = (code: string) => loc(ref?.dispositions.find((d) => d.code === code)?.name) || code;
  return (
    <aside className="d-assist" aria-label={dt('assist.title')} aria-busy={loading} data-testid="assist">
      <h2 className="panel-title">{dt('assist.title')}</h2>
      {!hasPoint && <p className="muted">{dt('assist.waiting')}</p>}
      {hasPoint && loading && !view && <Loading />}
      {view && (
        <>
          <section>
            <h3 className="panel-subtitle">{dt('assist.jurisdiction')}</h3>
            <p className={view.jurisdiction ? undefined : 'd-bad'} data-testid="assist-jurisdiction">
              {view.jurisdiction ? loc(view.jurisdiction.name) : dt('assist.outside')}
            </p>
          </section>
          <section>
            <h3 className="panel-subtitle">
              {dt('assist.duplicates')} <span className="d-count">{view.duplicates.length}</span>
            </h3>
            {view.duplicates.length === 0 && <p className="muted">{dt('assist.noDuplicates')}</p>}
            <ul className="d-list" data-testid="duplicates">
              {view.duplicates.map((d) => (
                <li key={d.incidentId} className={mergeId === d.incidentId ? 'is-selected' : undefined}>
                  <div>
                    <strong>{d.number}</strong> {typeName(d.typeCode)}{' '}
                    <span className="muted">
                      {dt(`incidentStatus.${d.status}`, { defaultValue: d.status })} ·{' '}
                      {dt(`assist.${d.typeMatch}`)}
                    </span>
                  </div>
                  <div className="muted">
                    {dt('assist.apart', {
                      distance: formatDistance(d.distanceMetres),
                      time: formatDuration(Math.abs(d.secondsApart)),
                    })}
                  </div>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-pressed={mergeId === d.incidentId}
                    onClick={() => onMerge(mergeId === d.incidentId ? null : d.incidentId, d.number)}
                  >
                    {dt('call.mergeInto', { number: d.number })}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h3 className="panel-subtitle">{dt('assist.premise')}</h3>
            {view.premise.hazards.length > 0 && (
              <ul className="d-list d-hazards">
                {view.premise.hazards.map((h) => (
                  <li key={h.id}>
                    ⚠ {loc(h.note)} <span className="muted">({formatDistance(h.distanceMetres)})</span>
                  </li>
                ))}
              </ul>
            )}
            {view.premise.incidents.length === 0 && view.premise.hazards.length === 0 && (
              <p className="muted">{dt('assist.noPremise')}</p>
            )}
            <ul className="d-list">
              {view.premise.incidents.map((p) => (
                <li key={p.id}>
                  <strong>{p.number}</strong> {typeName(p.typeCode)}{' '}
                  <span className="muted">
                    {new Date(p.receivedAt).toLocaleDateString()} · {formatDistance(p.distanceMetres)}
                    {p.disposition ? ` · ${disposition(p.disposition)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </aside>
  );
}
