// One design on the map: move atoms between beats, export, publish with an effective date.
import { useState } from 'react';
import { ProblemView } from '../ui/problem-view.tsx';
import { useAsync } from '../ui/use-async.ts';
import { BeatMap, beatColour } from './beat-map.tsx';
import { usePt } from './i18n.ts';
import { type Design, patrolApi } from './patrol-api.ts';

function download(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data)], { type: 'application/geo+json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** Map, move form and publish form of one finished design. */
export function DesignEditor({ design, onChanged }: { design: Design; onChanged: (d: Design) => void }) {
  const { pt } = usePt();
  const shapes = useAsync(async () => {
    const [atoms, beats] = await Promise.all([patrolApi.atoms(design.id), patrolApi.geojson(design.id)]);
    return { atoms: atoms.features, beats: beats.features };
  }, [design.id, design.version, design.status]);
  const [atom, setAtom] = useState('');
  const [toBeat, setToBeat] = useState('');
  const [when, setWhen] = useState(tomorrow());
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const act = async (work: () => Promise<Design>, ok: (d: Design) => string) => {
    setError(null);
    setNotice('');
    try {
      const d = await work();
      onChanged(d);
      setNotice(ok(d));
    } catch (e) {
      setError(e);
    }
  };
  const beats = design.beats ?? [];
  const draft = design.status === 'draft';
  return (
    <section aria-labelledby="patrol-editor" className="patrol-editor">
      <h2 id="patrol-editor">
        {design.name} ·{' '}
        {draft
          ? pt('designer.draft')
          : pt('designer.published', { date: design.effectiveFrom?.slice(0, 10) })}{' '}
        · {pt('designer.version', { v: design.version })}
      </h2>
      {shapes.error ? <ProblemView error={shapes.error} onRetry={shapes.reload} /> : null}
      {shapes.data ? (
        <BeatMap
          atoms={shapes.data.atoms}
          beats={shapes.data.beats}
          selected={atom || null}
          onSelect={setAtom}
          label={pt('designer.map')}
          beatIds={beats.map((b) => b.id)}
          describe={(a, beat) => pt('designer.atomReadout', { atom: a, beat })}
        />
      ) : null}
      <ul className="patrol-legend">
        {beats.map((b, i) => (
          <li key={b.id}>
            <span className="patrol-swatch" style={{ background: beatColour(i) }} aria-hidden="true" /> {b.id}
          </li>
        ))}
      </ul>
      {draft ? (
        <>
          <p className="patrol-hint">{pt('designer.mapHint')}</p>
          <form
            className="patrol-row"
            onSubmit={(e) => {
              e.preventDefault();
              void act(
                () => patrolApi.move(design.id, [atom], toBeat, design.version),
                () => pt('designer.moved'),
              );
            }}
          >
            <label>
              {pt('designer.atomId')}
              <input value={atom} onChange={(e) => setAtom(e.target.value)} list="patrol-atom-ids" required />
              <datalist id="patrol-atom-ids">
                {shapes.data?.atoms.map((a) => (
                  <option key={a.id} value={a.id}>
                    {beats[a.properties.beat]?.id}
                  </option>
                ))}
              </datalist>
            </label>
            <label>
              {pt('designer.moveTo')}
              <select value={toBeat} onChange={(e) => setToBeat(e.target.value)} required>
                <option value="" />
                {beats.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.id}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{pt('designer.move')}</button>
          </form>
          <form
            className="patrol-row"
            onSubmit={(e) => {
              e.preventDefault();
              const at = new Date(`${when}T00:00:00`).toISOString();
              void act(
                () => patrolApi.publish(design.id, at),
                () => pt('designer.publishedOk', { date: when }),
              );
            }}
          >
            <label>
              {pt('designer.effectiveFrom')}
              <input type="date" value={when} onChange={(e) => setWhen(e.target.value)} required />
            </label>
            <button type="submit">{pt('designer.publish')}</button>
          </form>
        </>
      ) : null}
      <button
        type="button"
        onClick={() =>
          shapes.data &&
          download(`${design.name}.geojson`, { type: 'FeatureCollection', features: shapes.data.beats })
        }
      >
        {pt('designer.export')}
      </button>
      {notice ? (
        <p role="status" className="patrol-notice">
          {notice}
        </p>
      ) : null}
      <ProblemView error={error} />
    </section>
  );
}
