import { useMemo, useState } from 'react';
import { useLiveEvent } from '../app/live-context.tsx';
import { hasPermission } from '../app/permissions.ts';
import { navigate, subPath, usePathname } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { useJurisdictions } from '../map/jurisdiction-store.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { type AreaCollection, gridApi, type QueueItem } from './api.ts';
import './grid.css';
import { GridMap } from './grid-map.tsx';
import { useGridT } from './i18n.ts';
import { RequestDetail } from './request-detail.tsx';

const BASE = '/grid/queue';

interface Filters {
  status: 'open' | 'closed' | 'all';
  serviceCode: string;
  departmentId: string;
  overdue: boolean;
  escalated: boolean;
  unrouted: boolean;
  mine: boolean;
  q: string;
}

function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { gt, lang } = useGridT();
  const departments = useAsync((s) => gridApi.departments(s), []);
  const people = useAsync((s) => gridApi.assignees(s), []);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (body: Record<string, unknown>) => {
    try {
      const { results } = await gridApi.bulk({ ids, ...body });
      const ok = results.filter((r) => r.ok).length;
      setMessage(gt('queue.bulkDone', { ok, failed: results.length - ok }));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="input-row" data-testid="bulk-bar">
      <span>{gt('queue.selected', { count: ids.length })}</span>
      <label className="field field-compact">
        <span>{gt('queue.bulkRoute')}</span>
        <select
          value=""
          onChange={(e) =>
            e.target.value && void run({ action: { action: 'reroute', departmentId: e.target.value } })
          }
        >
          <option value="">—</option>
          {departments.data?.map((d) => (
            <option key={d.id} value={d.id}>
              {lang === 'zh-CN' ? d.nameZh : d.nameEn}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-compact">
        <span>{gt('queue.bulkAssign')}</span>
        <select
          value=""
          onChange={(e) =>
            e.target.value && void run({ assignTo: e.target.value === '-' ? null : e.target.value })
          }
        >
          <option value="">—</option>
          <option value="-">{gt('queue.unassigned')}</option>
          {people.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
      </label>
      {message && <span role="status">{message}</span>}
      <ProblemView error={error} />
    </div>
  );
}

function QueueTable({
  items,
  selected,
  onSelect,
  checked,
  setChecked,
  canBulk,
}: {
  items: QueueItem[];
  selected: string | null;
  onSelect: (id: string) => void;
  checked: Set<string>;
  setChecked: (s: Set<string>) => void;
  canBulk: boolean;
}) {
  const { gt, lang } = useGridT();
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
  const toggle = (id: string) => {
    const next = new Set(checked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChecked(next);
  };
  return (
    <div className="table-scroll">
      <table className="table" data-testid="queue-table">
        <thead>
          <tr>
            {canBulk && (
              <th>
                <input
                  type="checkbox"
                  aria-label={gt('queue.selectAll')}
                  checked={items.length > 0 && items.every((i) => checked.has(i.publicId))}
                  onChange={(e) => setChecked(new Set(e.target.checked ? items.map((i) => i.publicId) : []))}
                />
              </th>
            )}
            <th>{gt('common.number')}</th>
            <th>{gt('common.type')}</th>
            <th>{gt('queue.place')}</th>
            <th>{gt('common.status')}</th>
            <th>{gt('queue.department')}</th>
            <th>{gt('common.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} aria-selected={selected === i.publicId} data-public-id={i.publicId}>
              {canBulk && (
                <td>
                  <input
                    type="checkbox"
                    aria-label={gt('queue.select', { id: i.publicId })}
                    checked={checked.has(i.publicId)}
                    onChange={() => toggle(i.publicId)}
                  />
                </td>
              )}
              <td>
                <button type="button" className="link-button" onClick={() => onSelect(i.publicId)}>
                  {i.publicId}
                </button>
              </td>
              <td>{lang === 'zh-CN' ? i.typeNameZh : i.typeNameEn}</td>
              <td>{(lang === 'zh-CN' ? i.placeNameZh : i.placeNameEn) ?? '—'}</td>
              <td>
                <span className={i.overdue ? 'grid-state grid-state-overdue' : 'grid-state'}>
                  {gt(`states.${i.state}`)}
                </span>
                {i.escalationLevel > 0 && (
                  <span className="muted"> {gt('queue.level', { level: i.escalationLevel })}</span>
                )}
              </td>
              <td>
                {(lang === 'zh-CN' ? i.departmentNameZh : i.departmentNameEn) ?? gt('dashboard.unrouted')}
              </td>
              <td className="nowrap">{i.deadline ? fmt.format(new Date(i.deadline)) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Service-centre and department queue of the user's subtree: filters, map, bulk actions, details. */
export function QueuePage() {
  const { gt, lang } = useGridT();
  const { me, config } = useSession();
  const path = usePathname();
  const selected = subPath(path, BASE);
  const [f, setF] = useState<Filters>({
    status: 'open',
    serviceCode: '',
    departmentId: '',
    overdue: false,
    escalated: false,
    unrouted: false,
    mine: false,
    q: '',
  });
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const queue = useAsync((s) => gridApi.queue({ ...f, pageSize: 200 }, s), [f]);
  const types = useAsync((s) => gridApi.types(s), []);
  const departments = useAsync((s) => gridApi.departments(s), []);
  const { data: jurisdictions } = useJurisdictions();
  useLiveEvent('grid.request.created', () => queue.reload());
  useLiveEvent('grid.request.updated', () => queue.reload());
  const items = queue.data?.items ?? [];
  const points = useMemo(
    () =>
      items
        .filter((i) => i.lat !== null && i.lon !== null)
        .map((i) => ({
          id: i.publicId,
          lat: i.lat!,
          lon: i.lon!,
          alert: i.overdue || i.escalationLevel > 0,
          selected: i.publicId === selected,
        })),
    [items, selected],
  );
  const canBulk = hasPermission(me.permissions, 'grid.requests.manage');
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setF((x) => ({ ...x, [k]: v }));

  return (
    <div className="grid-queue">
      <section aria-busy={queue.loading}>
        <header className="page-head">
          <h1 className="page-title">{gt('queue.title')}</h1>
        </header>
        <form className="grid-filters" aria-label={gt('queue.filters')} onSubmit={(e) => e.preventDefault()}>
          <label>
            {gt('common.status')}
            <select value={f.status} onChange={(e) => set('status', e.target.value as Filters['status'])}>
              <option value="open">{gt('queue.open')}</option>
              <option value="closed">{gt('queue.closedOnes')}</option>
              <option value="all">{gt('queue.all')}</option>
            </select>
          </label>
          <label>
            {gt('common.type')}
            <select value={f.serviceCode} onChange={(e) => set('serviceCode', e.target.value)}>
              <option value="">{gt('queue.anyType')}</option>
              {types.data?.map((t) => (
                <option key={t.code} value={t.code}>
                  {lang === 'zh-CN' ? t.nameZh : t.nameEn}
                </option>
              ))}
            </select>
          </label>
          <label>
            {gt('queue.department')}
            <select value={f.departmentId} onChange={(e) => set('departmentId', e.target.value)}>
              <option value="">{gt('queue.anyDepartment')}</option>
              {departments.data?.map((d) => (
                <option key={d.id} value={d.id}>
                  {lang === 'zh-CN' ? d.nameZh : d.nameEn}
                </option>
              ))}
            </select>
          </label>
          {(['overdue', 'escalated', 'unrouted', 'mine'] as const).map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={f[k]} onChange={(e) => set(k, e.target.checked)} />
              {gt(`queue.${k}`)}
            </label>
          ))}
          <label>
            {gt('queue.search')}
            <input type="search" value={f.q} maxLength={200} onChange={(e) => set('q', e.target.value)} />
          </label>
        </form>
        {canBulk && checked.size > 0 && (
          <BulkBar
            ids={[...checked]}
            onDone={() => {
              setChecked(new Set());
              queue.reload();
            }}
          />
        )}
        <GridMap
          areas={jurisdictions as unknown as AreaCollection | null}
          points={points}
          onPoint={(id) => navigate(`${BASE}/${encodeURIComponent(id)}`)}
          center={config.center}
          zoom={config.zoom}
          label={gt('queue.mapTitle')}
          testId="queue-map"
          height={280}
        />
        <ProblemView error={queue.error} onRetry={queue.reload} />
        {queue.loading && !queue.data ? (
          <Loading />
        ) : items.length === 0 ? (
          <p className="muted">{gt('queue.none')}</p>
        ) : (
          <QueueTable
            items={items}
            selected={selected}
            onSelect={(id) => navigate(`${BASE}/${encodeURIComponent(id)}`)}
            checked={checked}
            setChecked={setChecked}
            canBulk={canBulk}
          />
        )}
      </section>
      {selected && (
        <RequestDetail key={selected} id={selected} onChanged={queue.reload} onClose={() => navigate(BASE)} />
      )}
    </div>
  );
}
