// Knox near-repeat test: distance and time bands chosen by the analyst, the table of observed and
// expected close pairs per band with the Knox ratio and its Monte-Carlo p-value.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';

interface KnoxCell {
  distanceM: [number, number | null];
  timeDays: [number, number | null];
  observed: number;
  expected: number;
  ratio: number | null;
  p: number;
}
interface KnoxResult {
  table: KnoxCell[][];
  pairs: number;
  permutations: number;
}

const ALPHA = 0.05;

/** The Knox panel; `query` is the dashboard's filter query string. */
export function KnoxPanel({ query }: { query: string }) {
  const { t: at } = useTranslation('analysis');
  const [distances, setDistances] = useState('100,200,400');
  const [times, setTimes] = useState('7,14,28');
  const [result, setResult] = useState<KnoxResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const q = new URLSearchParams({
        distanceBandsM: distances.replace(/\s/g, ''),
        timeBandsDays: times.replace(/\s/g, ''),
        permutations: '99',
      });
      setResult(await api.get<KnoxResult>(`/api/analysis/knox?${query}&${q}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const band = (b: [number, number | null], unit: string) =>
    b[1] === null ? `> ${b[0]} ${unit}` : `${b[0]}–${b[1]} ${unit}`;
  return (
    <section aria-labelledby="knox-title">
      <h2 id="knox-title">{at('knox.title')}</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          {at('knox.distances')}
          <input value={distances} onChange={(e) => setDistances(e.target.value)} />
        </label>
        <label>
          {at('knox.times')}
          <input value={times} onChange={(e) => setTimes(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {at('knox.run')}
        </button>
      </form>
      {busy && <Loading label={at('running')} />}
      {error !== null && <ProblemView error={error} />}
      {result && (
        <table className="data-table" data-testid="knox-table">
          <caption>{at('knox.caption', { pairs: result.pairs, permutations: result.permutations })}</caption>
          <thead>
            <tr>
              <th scope="col">{at('knox.distanceBand')}</th>
              {result.table[0]!.map((c) => (
                <th scope="col" key={String(c.timeDays)}>
                  {band(c.timeDays, at('knox.days'))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.table.map((row) => (
              <tr key={String(row[0]!.distanceM)}>
                <th scope="row">{band(row[0]!.distanceM, 'm')}</th>
                {row.map((c) => {
                  const significant = c.p < ALPHA && c.observed > c.expected;
                  return (
                    <td
                      key={String(c.timeDays)}
                      data-significant={significant}
                      style={significant ? { background: '#fdd0a2', fontWeight: 600 } : undefined}
                    >
                      {c.observed} / {c.expected.toFixed(1)} · {at('knox.ratio')}{' '}
                      {c.ratio === null ? '–' : c.ratio.toFixed(2)} · p {c.p.toFixed(3)}
                      {significant ? ` · ${at('knox.significant')}` : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">{at('knox.help', { alpha: ALPHA })}</p>
    </section>
  );
}
