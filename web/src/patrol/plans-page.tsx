// Patrol plan editor: time windows (peaks, school times, markets) and key places with required
// presence; lists the scheduled routes.
import { useState } from 'react';
import { ProblemView } from '../ui/problem-view.tsx';
import { useAsync } from '../ui/use-async.ts';
import { CoverageProposal } from './coverage-proposal.tsx';
import { usePt } from './i18n.ts';
import { type Plan, type PlanPoint, type PlanWindow, patrolApi } from './patrol-api.ts';
import './patrol.css';

const blank = (): Omit<Plan, 'id' | 'version'> => ({ name: '', windows: [], points: [] });

/** The plan editor screen. */
export function PlansPage() {
  const { pt } = usePt();
  const plans = useAsync((s) => patrolApi.plans(s), []);
  const routes = useAsync((s) => patrolApi.routes(s), []);
  const [editing, setEditing] = useState<{ id?: string; plan: Omit<Plan, 'id' | 'version'> }>({
    plan: blank(),
  });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const plan = editing.plan;
  const set = (p: Partial<typeof plan>) => setEditing((e) => ({ ...e, plan: { ...e.plan, ...p } }));
  const setWindow = (i: number, w: Partial<PlanWindow>) =>
    set({ windows: plan.windows.map((x, k) => (k === i ? { ...x, ...w } : x)) });
  const setPoint = (i: number, p: Partial<PlanPoint>) =>
    set({ points: plan.points.map((x, k) => (k === i ? { ...x, ...p } : x)) });
  const save = async () => {
    setError(null);
    setNotice('');
    try {
      const saved = await patrolApi.savePlan(plan, editing.id);
      setEditing({ id: saved.id, plan: { name: saved.name, windows: saved.windows, points: saved.points } });
      setNotice(pt('plans.saved'));
      plans.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="patrol-page">
      <h1>{pt('plans.title')}</h1>
      <div className="patrol-columns">
        <nav aria-label={pt('plans.title')}>
          <button type="button" onClick={() => setEditing({ plan: blank() })}>
            {pt('plans.new')}
          </button>
          {plans.data?.length === 0 ? <p>{pt('plans.none')}</p> : null}
          <ul>
            {plans.data?.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  onClick={() =>
                    setEditing({ id: p.id, plan: { name: p.name, windows: p.windows, points: p.points } })
                  }
                >
                  {p.name}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <form
          className="patrol-form patrol-plan"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            {pt('plans.name')}
            <input
              value={plan.name}
              onChange={(e) => set({ name: e.target.value })}
              required
              maxLength={200}
            />
          </label>
          <fieldset>
            <legend>{pt('plans.windows')}</legend>
            {plan.windows.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place; rows only move by removal
              <div className="patrol-row" key={`w${i}`}>
                <label>
                  {pt('plans.windowId')}
                  <input
                    value={w.id}
                    onChange={(e) => setWindow(i, { id: e.target.value })}
                    required
                    size={6}
                  />
                </label>
                <label>
                  {pt('plans.label')}
                  <input value={w.label} onChange={(e) => setWindow(i, { label: e.target.value })} required />
                </label>
                <label>
                  {pt('plans.days')}
                  <input
                    value={w.days.join(',')}
                    onChange={(e) =>
                      setWindow(i, {
                        days: e.target.value
                          .split(',')
                          .map(Number)
                          .filter((d) => d >= 1 && d <= 7),
                      })
                    }
                    size={10}
                  />
                </label>
                <label>
                  {pt('plans.start')}
                  <input
                    type="time"
                    value={w.start}
                    onChange={(e) => setWindow(i, { start: e.target.value })}
                    required
                  />
                </label>
                <label>
                  {pt('plans.end')}
                  <input
                    type="time"
                    value={w.end}
                    onChange={(e) => setWindow(i, { end: e.target.value })}
                    required
                  />
                </label>
                <button
                  type="button"
                  onClick={() => set({ windows: plan.windows.filter((_, k) => k !== i) })}
                >
                  {pt('plans.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() =>
                set({
                  windows: [
                    ...plan.windows,
                    {
                      id: `w${plan.windows.length + 1}`,
                      label: '',
                      days: [1, 2, 3, 4, 5],
                      start: '07:00',
                      end: '09:00',
                    },
                  ],
                })
              }
            >
              {pt('plans.addWindow')}
            </button>
          </fieldset>
          <fieldset>
            <legend>{pt('plans.points')}</legend>
            {plan.points.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place; rows only move by removal
              <div className="patrol-row" key={`p${i}`}>
                <label>
                  {pt('plans.placeName')}
                  <input value={p.name} onChange={(e) => setPoint(i, { name: e.target.value })} required />
                </label>
                <label>
                  {pt('plans.lon')}
                  <input
                    type="number"
                    step="any"
                    value={p.lon}
                    onChange={(e) => setPoint(i, { lon: Number(e.target.value) })}
                  />
                </label>
                <label>
                  {pt('plans.lat')}
                  <input
                    type="number"
                    step="any"
                    value={p.lat}
                    onChange={(e) => setPoint(i, { lat: Number(e.target.value) })}
                  />
                </label>
                <label>
                  {pt('plans.radius')}
                  <input
                    type="number"
                    min={5}
                    value={p.radiusM}
                    onChange={(e) => setPoint(i, { radiusM: Number(e.target.value) })}
                  />
                </label>
                <label>
                  {pt('plans.minutes')}
                  <input
                    type="number"
                    min={0}
                    value={p.minutes}
                    onChange={(e) => setPoint(i, { minutes: Number(e.target.value) })}
                  />
                </label>
                <label>
                  {pt('plans.inWindows')}
                  <input
                    value={p.windowIds.join(',')}
                    onChange={(e) =>
                      setPoint(i, {
                        windowIds: e.target.value
                          .split(',')
                          .map((s) => s.trim())
                          .filter(Boolean),
                      })
                    }
                  />
                </label>
                <button type="button" onClick={() => set({ points: plan.points.filter((_, k) => k !== i) })}>
                  {pt('plans.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() =>
                set({
                  points: [
                    ...plan.points,
                    {
                      id: `p${plan.points.length + 1}`,
                      name: '',
                      lon: 113.95,
                      lat: 22.62,
                      radiusM: 100,
                      minutes: 30,
                      windowIds: [],
                    },
                  ],
                })
              }
            >
              {pt('plans.addPoint')}
            </button>
          </fieldset>
          <button type="submit">{pt('plans.save')}</button>
          {notice ? <p role="status">{notice}</p> : null}
          <ProblemView error={error} />
        </form>
      </div>
      <CoverageProposal
        plan={editing.id ? { id: editing.id, windows: plan.windows, points: plan.points } : null}
      />
      <section aria-labelledby="patrol-routes">
        <h2 id="patrol-routes">{pt('plans.routes')}</h2>
        <table className="patrol-table">
          <thead>
            <tr>
              <th scope="col">{pt('plans.name')}</th>
              <th scope="col">{pt('plans.unit')}</th>
              <th scope="col">{pt('plans.checkIns')}</th>
              <th scope="col">{pt('compliance.title')}</th>
            </tr>
          </thead>
          <tbody>
            {routes.data?.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.unitCode}</td>
                <td>{r.checkIns.length}</td>
                <td>
                  {r.unitId ? (
                    <button
                      type="button"
                      onClick={() =>
                        patrolApi
                          .checkRecorded(r.id)
                          .then((c) => setChecked((m) => ({ ...m, [r.id]: pt('plans.checked', c) })))
                          .catch(setError)
                      }
                    >
                      {pt('plans.checkRecorded')}
                    </button>
                  ) : null}{' '}
                  <span role="status">{checked[r.id] ?? ''}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
