import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useSubmit } from '../ui/use-submit.ts';
import { dispatchApi } from './dispatch-api.ts';
import { DispatchProblem } from './dispatch-problem.tsx';
import { useDt } from './i18n.ts';
import type { Localized } from './types.ts';

interface Reference {
  dispositions: { code: string; name: Localized; requiresArrival: boolean }[];
  cancelReasons: { code: string; name: Localized }[];
}

let reference: Promise<Reference> | null = null;

/** The reference lists (dispositions, cancel reasons), fetched once; null until loaded. */
export function useReference(): Reference | null {
  const [ref, setRef] = useState<Reference | null>(null);
  useEffect(() => {
    loadReference().then(setRef, () => {});
  }, []);
  return ref;
}

// The lists change only with a release; one fetch per page load is enough.
const loadReference = () => {
  reference ??= api.get<Reference>('/api/dispatch/reference').catch((e: unknown) => {
    reference = null;
    throw e;
  });
  return reference;
};

/** Close (with a disposition) or cancel (with a reason) an incident, as `allowed` permits. */
export function IncidentActions({
  incidentId,
  allowed,
  arrived,
  onDone,
}: {
  incidentId: string;
  allowed: string[];
  arrived: boolean;
  onDone: () => void;
}) {
  const { dt, loc } = useDt();
  const [ref, setRef] = useState<Reference | null>(null);
  const [mode, setMode] = useState<'closed' | 'cancelled' | null>(null);
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, setError, run } = useSubmit();
  useEffect(() => {
    if (mode && !ref) loadReference().then(setRef, setError);
  }, [mode, ref, setError]);

  const canClose = allowed.includes('closed');
  const canCancel = allowed.includes('cancelled');
  if (!canClose && !canCancel) return null;
  const options =
    mode === 'closed'
      ? (ref?.dispositions ?? []).filter((d) => arrived || !d.requiresArrival)
      : (ref?.cancelReasons ?? []);

  const choose = (m: 'closed' | 'cancelled') => {
    setMode(m);
    setCode('');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!mode || !code) return;
    await run(async () => {
      await dispatchApi.transition(incidentId, {
        to: mode,
        ...(mode === 'closed' ? { disposition: code } : { cancelReason: code }),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setMode(null);
      onDone();
    });
  };

  return (
    <section className="d-actions" aria-label={dt('actions.title')}>
      <div className="d-detail-head">
        <h3 className="panel-subtitle">{dt('actions.title')}</h3>
        {canClose && (
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={mode === 'closed'}
            onClick={() => choose('closed')}
          >
            {dt('actions.close')}
          </button>
        )}
        {canCancel && (
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={mode === 'cancelled'}
            onClick={() => choose('cancelled')}
          >
            {dt('actions.cancel')}
          </button>
        )}
      </div>
      {mode && (
        <form className="d-actions-form" onSubmit={submit} aria-busy={busy}>
          <label className="field field-compact">
            <span>{mode === 'closed' ? dt('actions.disposition') : dt('actions.reason')}</span>
            <select value={code} onChange={(e) => setCode(e.target.value)} required>
              <option value="">—</option>
              {options.map((o) => (
                <option key={o.code} value={o.code}>
                  {loc(o.name)}
                </option>
              ))}
            </select>
          </label>
          <label className="field field-compact">
            <span>{dt('actions.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          </label>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={busy || !code}>
              {mode === 'closed' ? dt('actions.confirmClose') : dt('actions.confirmCancel')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setMode(null)}>
              {dt('common.close')}
            </button>
          </div>
        </form>
      )}
      <DispatchProblem error={error} />
    </section>
  );
}
