import { useMemo, useState } from 'react';
import { Link } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { type AreaCollection, type GridService, gridApi } from './api.ts';
import './grid.css';
import { GridMap } from './grid-map.tsx';
import { useGridT } from './i18n.ts';
import { RequestForm } from './request-form.tsx';

function centre(geometry: unknown): { lon: number; lat: number } | null {
  const ring = (geometry as { coordinates?: number[][][] } | null)?.coordinates?.[0];
  if (!ring || ring.length < 2) return null;
  const pts = ring.slice(0, -1);
  return {
    lon: pts.reduce((a, p) => a + p[0]!, 0) / pts.length,
    lat: pts.reduce((a, p) => a + p[1]!, 0) / pts.length,
  };
}

function position(fallback: { lon: number; lat: number } | null): Promise<{ lon: number; lat: number }> {
  return new Promise((resolve, reject) => {
    const use = () => (fallback ? resolve(fallback) : reject(new Error('No position')));
    if (!navigator.geolocation) return use();
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude }),
      use,
      {
        timeout: 5000,
      },
    );
  });
}

/** Grid worker's phone view: my cells on a map, my tasks, report a finding, patrol check-in. */
export function WorkerPage() {
  const { gt, lang } = useGridT();
  const { config } = useSession();
  const cells = useAsync((s) => gridApi.myCells(s), []);
  const tasks = useAsync((s) => gridApi.myTasks(s), []);
  const types = useAsync((s) => gridApi.types(s), []);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reporting, setReporting] = useState(false);
  const areas = useMemo<AreaCollection | null>(
    () =>
      cells.data
        ? {
            type: 'FeatureCollection',
            features: cells.data.map((c) => ({
              type: 'Feature',
              id: c.id,
              geometry: c.geometry,
              properties: { id: c.id, level: 'grid' },
            })),
          }
        : null,
    [cells.data],
  );
  const points = (tasks.data ?? [])
    .filter((t) => t.lat !== null)
    .map((t) => ({ id: t.publicId, lat: t.lat!, lon: t.lon!, alert: t.overdue }));
  const services: GridService[] = (types.data ?? [])
    .filter((t) => t.active)
    .map((t) => ({ ...t, groupName: t.group, attributes: (t as unknown as GridService).attributes ?? [] }));
  const checkIn = async () => {
    setError(null);
    try {
      const p = await position(cells.data?.[0] ? centre(cells.data[0].geometry) : null);
      const r = await gridApi.checkIn(p.lat, p.lon);
      setMessage(gt('worker.checkedIn', { time: new Date(r.at).toLocaleTimeString(lang) }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="grid-worker">
      <h1 className="page-title">{gt('worker.title')}</h1>
      <ProblemView error={cells.error ?? tasks.error ?? error} />
      <GridMap
        areas={areas}
        points={points}
        center={config.center}
        zoom={config.zoom}
        label={gt('worker.cells')}
        testId="worker-map"
        height={260}
      />
      <ul className="grid-cards">
        {cells.data?.map((c) => (
          <li key={c.id} className="grid-card">
            <span>{lang === 'zh-CN' ? c.nameZh : c.nameEn}</span>
            <span className="muted">
              {gt('worker.households')} {c.households ?? '—'} · {gt('worker.population')}{' '}
              {c.population ?? '—'}
            </span>
          </li>
        ))}
      </ul>
      <div className="input-row">
        <button type="button" className="btn btn-primary" onClick={() => void checkIn()}>
          {gt('worker.checkIn')}
        </button>
        <button
          type="button"
          className="btn"
          aria-expanded={reporting}
          onClick={() => setReporting((r) => !r)}
        >
          {gt('worker.report')}
        </button>
        {message && <span role="status">{message}</span>}
      </div>
      {reporting && (
        <RequestForm
          services={services}
          areas={areas}
          center={config.center}
          zoom={config.zoom}
          withContact={false}
          onSubmit={async (p) => {
            const r = await gridApi.workerReport(p);
            setMessage(gt('worker.reported', { id: r.publicId }));
            setReporting(false);
            tasks.reload();
          }}
        />
      )}
      <h2 className="panel-title">{gt('worker.tasks')}</h2>
      {tasks.loading && !tasks.data ? (
        <Loading />
      ) : (tasks.data ?? []).length === 0 ? (
        <p className="muted">{gt('worker.noTasks')}</p>
      ) : (
        <ul className="grid-timeline" data-testid="worker-tasks">
          {tasks.data?.map((t) => (
            <li key={t.id} className="grid-task">
              <Link href={`/grid/queue/${encodeURIComponent(t.publicId)}`}>
                {t.publicId} · {lang === 'zh-CN' ? t.typeNameZh : t.typeNameEn}
              </Link>
              <span className={t.overdue ? 'grid-state grid-state-overdue' : 'grid-state'}>
                {gt(`states.${t.state}`)}
              </span>
              {t.description && <span className="muted">{t.description}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
