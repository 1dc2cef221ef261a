// Parameters of a new design run, and GeoJSON import of existing beats over the same area.
import { useState } from 'react';
import { ProblemView } from '../ui/problem-view.tsx';
import { usePt } from './i18n.ts';
import { type Design, patrolApi } from './patrol-api.ts';

/** Incidents from CSV lines `lon,lat[,type]` (a header line and bad lines are skipped). */
export function parseIncidentCsv(text: string): { lon: number; lat: number; type?: string }[] {
  const out: { lon: number; lat: number; type?: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [a, b, c] = line.split(',').map((x) => x.trim());
    const lon = Number(a);
    const lat = Number(b);
    if (a && b && Number.isFinite(lon) && Number.isFinite(lat))
      out.push(c ? { lon, lat, type: c.slice(0, 64) } : { lon, lat });
  }
  return out;
}

type Source = 'synthetic' | 'history' | 'file';

/** yyyy-mm-dd of a date (the value of a date input). */
function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The `history` workload of the form: a period of whole days, types and sources. */
export function historyWorkload(
  from: string,
  to: string,
  types: string,
  sources: { dispatch: boolean; imported: boolean },
): Record<string, unknown> {
  const list = types
    .split(/[,，\s]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 100);
  const chosen = (['dispatch', 'imported'] as const).filter((k) => sources[k]);
  // The period ends at the end of the "to" day.
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return {
    source: 'history',
    from: `${from}T00:00:00Z`,
    to: end.toISOString(),
    ...(list.length > 0 ? { types: list } : {}),
    ...(chosen.length > 0 ? { sources: chosen } : {}),
  };
}

/** The form that starts a design run (or imports beats). */
export function DesignForm({
  areas,
  count,
  onStarted,
}: {
  areas: { id: string; name: string }[];
  count: number;
  onStarted: (d: Design) => void;
}) {
  const { pt } = usePt();
  const [name, setName] = useState('');
  const [area, setArea] = useState('');
  const [beats, setBeats] = useState(6);
  const [resolution, setResolution] = useState(7);
  const [timeLimit, setTimeLimit] = useState(20);
  const [seed, setSeed] = useState(1);
  const [effort, setEffort] = useState<'quick' | 'thorough'>('quick');
  const [incidents, setIncidents] = useState<{ lon: number; lat: number; type?: string }[] | null>(null);
  const [source, setSource] = useState<Source>('synthetic');
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 365 * 86_400_000)));
  const [to, setTo] = useState(() => day(new Date()));
  const [types, setTypes] = useState('');
  const [sources, setSources] = useState({ dispatch: true, imported: true });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const jurisdictionId = area || areas[0]?.id || '';
  const designName = name.trim() || pt('designer.defaultName', { n: count + 1 });

  // The same workload measures imported (current) beats, so they compare with proposals.
  const workload = () =>
    source === 'history'
      ? historyWorkload(from, to, types, sources)
      : source === 'file' && incidents
        ? { source: 'incidents', incidents }
        : { source: 'synthetic' };
  const submit = async (work: () => Promise<Design>, ok: string) => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      onStarted(await work());
      setNotice(ok);
      setName('');
      setSeed((s) => s + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const importFile = async (file: File) => {
    let geojson: unknown;
    try {
      geojson = JSON.parse(await file.text());
    } catch {
      geojson = null;
    }
    await submit(
      () =>
        patrolApi.importBeats({
          name: designName,
          jurisdictionId,
          resolution,
          geojson,
          workload: workload(),
        }),
      pt('designer.imported'),
    );
  };
  return (
    <form
      className="patrol-form"
      aria-labelledby="patrol-params"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(
          () =>
            patrolApi.start({
              name: designName,
              jurisdictionId,
              beats,
              resolution,
              timeLimitSeconds: timeLimit,
              seed,
              effort,
              workload: workload(),
            }),
          '',
        );
      }}
    >
      <h2 id="patrol-params">{pt('designer.parameters')}</h2>
      <label>
        {pt('designer.name')}
        <input
          value={name}
          placeholder={designName}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
        />
      </label>
      <label>
        {pt('designer.area')}
        <select value={jurisdictionId} onChange={(e) => setArea(e.target.value)}>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {pt('designer.beats')}
        <input
          type="number"
          min={1}
          max={200}
          value={beats}
          onChange={(e) => setBeats(Number(e.target.value))}
          required
        />
      </label>
      <label>
        {pt('designer.resolution')}
        <input
          type="number"
          min={5}
          max={9}
          value={resolution}
          onChange={(e) => setResolution(Number(e.target.value))}
        />
      </label>
      <label>
        {pt('designer.timeLimit')}
        <input
          type="number"
          min={1}
          max={300}
          value={timeLimit}
          onChange={(e) => setTimeLimit(Number(e.target.value))}
        />
      </label>
      <label>
        {pt('designer.seed')}
        <input type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
      </label>
      <label>
        {pt('designer.effort')}
        <select value={effort} onChange={(e) => setEffort(e.target.value as 'quick' | 'thorough')}>
          <option value="quick">{pt('designer.quick')}</option>
          <option value="thorough">{pt('designer.thorough')}</option>
        </select>
      </label>
      <label>
        {pt('designer.workload')}
        <select value={source} onChange={(e) => setSource(e.target.value as Source)}>
          <option value="synthetic">{pt('designer.synthetic')}</option>
          <option value="history">{pt('designer.history')}</option>
          <option value="file">{pt('designer.fromFile')}</option>
        </select>
      </label>
      {source === 'history' ? (
        <fieldset className="patrol-history">
          <legend>{pt('designer.history')}</legend>
          <label>
            {pt('designer.historyFrom')}
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            {pt('designer.historyTo')}
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <label>
            {pt('designer.historyTypes')}
            <input
              value={types}
              placeholder={pt('designer.allTypes')}
              onChange={(e) => setTypes(e.target.value)}
              maxLength={2000}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={sources.dispatch}
              onChange={(e) => setSources((s) => ({ ...s, dispatch: e.target.checked }))}
            />
            {pt('designer.fromDispatch')}
          </label>
          <label>
            <input
              type="checkbox"
              checked={sources.imported}
              onChange={(e) => setSources((s) => ({ ...s, imported: e.target.checked }))}
            />
            {pt('designer.fromImported')}
          </label>
        </fieldset>
      ) : null}
      {source === 'file' ? (
        <label>
          {pt('designer.incidentsFile')}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then((text) => setIncidents(parseIncidentCsv(text)));
              else setIncidents(null);
            }}
          />
        </label>
      ) : null}
      {source === 'file' ? (
        <p>{incidents ? pt('designer.incidentCount', { count: incidents.length }) : pt('designer.noFile')}</p>
      ) : null}
      <button
        type="submit"
        disabled={
          busy ||
          !jurisdictionId ||
          (source === 'file' && !incidents) ||
          (source === 'history' && !sources.dispatch && !sources.imported)
        }
      >
        {pt('designer.run')}
      </button>
      <label>
        {pt('designer.importFile')}
        <input
          type="file"
          accept=".geojson,.json,application/geo+json"
          onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
        />
      </label>
      {notice ? <p role="status">{notice}</p> : null}
      <ProblemView error={error} />
    </form>
  );
}
