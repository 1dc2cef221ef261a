import { type FormEvent, useEffect, useState } from 'react';
import { useSubmit } from '../ui/use-submit.ts';
import { dispatchApi } from './dispatch-api.ts';
import { DispatchProblem } from './dispatch-problem.tsx';
import { useDt } from './i18n.ts';
import type { IncidentSummary } from './types.ts';

/** Open incidents other than `exceptId`, for a reassign or merge target; loaded when `active`. */
export function useOtherIncidents(exceptId: string, active: boolean): IncidentSummary[] | null {
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  useEffect(() => {
    if (!active) return;
    const ctl = new AbortController();
    dispatchApi.incidents(ctl.signal).then(
      (r) => setItems(r.items.filter((i) => i.id !== exceptId)),
      () => !ctl.signal.aborted && setItems([]),
    );
    return () => ctl.abort();
  }, [exceptId, active]);
  return items;
}

/** Release (with a reason) or reassign (to another open incident, with a reason) one assigned unit. */
export function AssignmentControls({
  incidentId,
  unitId,
  callSign,
  onDone,
}: {
  incidentId: string;
  unitId: string;
  callSign: string;
  onDone: () => void;
}) {
  const { dt } = useDt();
  const [mode, setMode] = useState<'release' | 'reassign' | null>(null);
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const { busy, error, setError, run } = useSubmit();
  const others = useOtherIncidents(incidentId, mode === 'reassign');

  const choose = (m: 'release' | 'reassign') => {
    setMode(mode === m ? null : m);
    setError(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!mode || !reason.trim() || (mode === 'reassign' && !target)) return;
    await run(async () => {
      if (mode === 'release') await dispatchApi.release(incidentId, unitId, reason.trim());
      else await dispatchApi.reassign(incidentId, unitId, target, reason.trim());
      setMode(null);
      setReason('');
      setTarget('');
      onDone();
    });
  };

  return (
    <div className="d-assign-controls">
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={mode === 'release'}
        aria-label={`${dt('assign.release')} ${callSign}`}
        data-testid={`release-${callSign}`}
        onClick={() => choose('release')}
      >
        {dt('assign.release')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={mode === 'reassign'}
        aria-label={`${dt('assign.reassign')} ${callSign}`}
        data-testid={`reassign-${callSign}`}
        onClick={() => choose('reassign')}
      >
        {dt('assign.reassign')}
      </button>
      {mode && (
        <form className="d-actions-form" onSubmit={submit} aria-busy={busy} aria-label={dt(`assign.${mode}`)}>
          {mode === 'reassign' && (
            <IncidentChoice
              label={dt('assign.target')}
              others={others}
              value={target}
              onChange={setTarget}
              testId="reassign-target"
            />
          )}
          <label className="field field-compact">
            <span>{dt('assign.reason')}</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              required
              // biome-ignore lint/a11y/noAutofocus: the form opens on an explicit button press
              autoFocus={mode === 'release'}
              data-testid="assign-reason"
            />
          </label>
          <div className="form-actions">
            <button
              type="submit"
              className="btn btn-primary btn-small"
              disabled={busy || !reason.trim() || (mode === 'reassign' && !target)}
            >
              {mode === 'release' ? dt('assign.confirmRelease') : dt('assign.confirmReassign')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setMode(null)}>
              {dt('common.close')}
            </button>
          </div>
        </form>
      )}
      <DispatchProblem error={error} />
    </div>
  );
}

/** Merge this incident into another open one (its calls move; it closes as a duplicate). */
export function MergeAction({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { dt } = useDt();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const { busy, error, run } = useSubmit();
  const others = useOtherIncidents(incidentId, open);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    await run(async () => {
      await dispatchApi.merge(incidentId, target);
      setOpen(false);
      onDone();
    });
  };
  return (
    <div className="d-merge">
      <button
        type="button"
        className="btn btn-small"
        aria-pressed={open}
        data-testid="merge-open"
        onClick={() => setOpen(!open)}
      >
        {dt('actions.merge')}
      </button>
      {open && (
        <form className="d-actions-form" onSubmit={submit} aria-busy={busy} aria-label={dt('actions.merge')}>
          <IncidentChoice
            label={dt('actions.mergeTarget')}
            others={others}
            value={target}
            onChange={setTarget}
            testId="merge-target"
          />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={busy || !target}>
              {dt('actions.confirmMerge')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
              {dt('common.close')}
            </button>
          </div>
        </form>
      )}
      <DispatchProblem error={error} />
    </div>
  );
}

/** A required choice among the other open incidents (reassign and merge targets). */
function IncidentChoice({
  label,
  others,
  value,
  onChange,
  testId,
}: {
  label: string;
  others: IncidentSummary[] | null;
  value: string;
  onChange: (id: string) => void;
  testId: string;
}) {
  const { dt, loc } = useDt();
  return (
    <label className="field field-compact">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} required data-testid={testId}>
        <option value="">—</option>
        {(others ?? []).map((i) => (
          <option key={i.id} value={i.id}>
            {i.number} · P{i.priority} · {loc(i.typeName)}
          </option>
        ))}
      </select>
      {others?.length === 0 && <small className="muted">{dt('assign.noTargets')}</small>}
    </label>
  );
}
