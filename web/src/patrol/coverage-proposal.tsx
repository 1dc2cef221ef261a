// Proposal of which units cover which places of a plan when, with its coverage and readiness.
import { useState } from 'react';
import { ProblemView } from '../ui/problem-view.tsx';
import { usePt } from './i18n.ts';
import { type Plan, type Proposal, patrolApi } from './patrol-api.ts';

/** Form and table of a coverage proposal for a saved plan. */
export function CoverageProposal({ plan }: { plan: Pick<Plan, 'id' | 'windows' | 'points'> | null }) {
  const { pt } = usePt();
  const [units, setUnits] = useState('P-101, P-102');
  const [share, setShare] = useState(50);
  const [result, setResult] = useState<Proposal | null>(null);
  const [error, setError] = useState<unknown>(null);
  const label = (list: { id: string; label?: string; name?: string }[], id: string) => {
    const x = list.find((i) => i.id === id);
    return x?.label ?? x?.name ?? id;
  };
  return (
    <section aria-labelledby="patrol-proposal">
      <h2 id="patrol-proposal">{pt('plans.propose')}</h2>
      {plan ? (
        <form
          className="patrol-row"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            patrolApi
              .propose(plan.id, units.split(','), share / 100)
              .then(setResult)
              .catch(setError);
          }}
        >
          <label>
            {pt('plans.unitsList')}
            <input value={units} onChange={(e) => setUnits(e.target.value)} required />
          </label>
          <label>
            {pt('plans.maxShare')}
            <input
              type="number"
              min={5}
              max={100}
              value={share}
              onChange={(e) => setShare(Number(e.target.value))}
            />
          </label>
          <button type="submit">{pt('plans.proposeRun')}</button>
        </form>
      ) : (
        <p>{pt('plans.saveFirst')}</p>
      )}
      <ProblemView error={error} />
      {result && plan ? (
        <>
          <p role="status">
            {pt('plans.coverage', {
              c: Math.round(result.coverage * 100),
              r: Math.round(result.readiness * 100),
            })}
          </p>
          <table className="patrol-table">
            <thead>
              <tr>
                <th scope="col">{pt('plans.window')}</th>
                <th scope="col">{pt('plans.unit')}</th>
                <th scope="col">{pt('plans.place')}</th>
                <th scope="col">{pt('plans.from')}</th>
                <th scope="col">{pt('plans.to')}</th>
              </tr>
            </thead>
            <tbody>
              {result.visits.map((v) => (
                <tr key={`${v.windowId}-${v.pointId}`}>
                  <td>{label(plan.windows, v.windowId)}</td>
                  <td>{v.unitCode}</td>
                  <td>{label(plan.points, v.pointId)}</td>
                  <td>{v.start}</td>
                  <td>{v.end}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.uncovered.length > 0 ? (
            <p role="alert">
              {pt('plans.uncovered', {
                list: result.uncovered
                  .map((u) => `${label(plan.points, u.pointId)} (${label(plan.windows, u.windowId)})`)
                  .join(', '),
              })}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
