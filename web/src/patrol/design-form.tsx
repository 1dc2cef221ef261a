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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const jurisdictionId = area || areas[0]?.id || '';
  const designName = name.trim() || pt('designer.defaultName', { n: count + 1 });

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
      () => patrolApi.importBeats({ name: designName, jurisdictionId, resolution, geojson }),
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
              workload: incidents ? { source: 'incidents', incidents } : { source: 'synthetic' },
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
      <p>
        {pt('designer.workload')}:{' '}
        {incidents ? pt('designer.incidentCount', { count: incidents.length }) : pt('designer.synthetic')}
      </p>
      <button type="submit" disabled={busy || !jurisdictionId}>
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
