import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import { AddressSearch } from './address-search.tsx';
import { AssistPanel } from './assist-panel.tsx';
import {
  dispatchApi,
  type GeocodeCandidate,
  type NewCall,
  newIdempotencyKey,
  problemCandidates,
} from './dispatch-api.ts';
import { useDispatchEvents } from './dispatch-live.ts';
import { DispatchMap } from './dispatch-map.tsx';
import { DispatchProblem } from './dispatch-problem.tsx';
import { useDt } from './i18n.ts';
import { TypeSearch } from './type-search.tsx';
import type { AssistView, IncidentType } from './types.ts';
import './dispatch.css';

interface Form {
  type: IncidentType | null;
  address: string;
  lon: string;
  lat: string;
  priority: number | null;
  reason: string;
  phone: string;
  name: string;
  narrative: string;
  hazards: string;
  mergeId: string | null;
  mergeNumber: string | null;
}

const EMPTY: Form = {
  type: null,
  address: '',
  lon: '',
  lat: '',
  priority: null,
  reason: '',
  phone: '',
  name: '',
  narrative: '',
  hazards: '',
  mergeId: null,
  mergeNumber: null,
};

/** The point typed in the form, if it is a valid coordinate pair. */
function pointOf(f: Form): [number, number] | null {
  const lon = Number(f.lon);
  const lat = Number(f.lat);
  if (f.lon.trim() === '' || f.lat.trim() === '' || !Number.isFinite(lon) || !Number.isFinite(lat))
    return null;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  return [lon, lat];
}

function bodyOf(f: Form, point: [number, number] | null, key: string): NewCall {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const hazards = f.hazards
    .split('\n')
    .map((h) => h.trim())
    .filter(Boolean);
  const override = f.type && f.priority !== null && f.priority !== f.type.defaultPriority;
  return {
    idempotencyKey: key,
    typeCode: f.type?.code ?? '',
    // Without a point the server looks the address up (one confident place, else 422 with candidates).
    lon: point?.[0],
    lat: point?.[1],
    address: opt(f.address),
    callerPhone: opt(f.phone),
    callerName: opt(f.name),
    narrative: opt(f.narrative),
    hazards: hazards.length ? hazards : undefined,
    priority: override ? (f.priority ?? undefined) : undefined,
    priorityReason: override ? opt(f.reason) : undefined,
    mergeIntoIncidentId: f.mergeId ?? undefined,
  };
}

/** Call-taker form: type search, location, priority, caller, narrative; duplicates and history live. */
export function CallTakerPage() {
  const { config } = useSession();
  const { dt, loc } = useDt();
  const types = useAsync((s) => dispatchApi.types(s), []);
  useDispatchEvents((e) => {
    if (e.type === 'dispatch.catalogue.changed') types.reload();
    if (e.type === 'dispatch.incident.created' || e.type === 'dispatch.incident.updated')
      setAssistTick((n) => n + 1);
  });
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<string | null>(null);
  const [offered, setOffered] = useState<GeocodeCandidate[]>([]);
  const key = useRef({ key: newIdempotencyKey(), body: '' });
  const typeInput = useRef<HTMLInputElement>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const point = pointOf(form);

  const [assist, setAssist] = useState<{ view?: AssistView; loading: boolean }>({ loading: false });
  // Incidents created or changed elsewhere refresh the duplicates while the call goes on.
  const [assistTick, setAssistTick] = useState(0);
  const assistKey = point ? `${point[0]},${point[1]},${form.type?.code ?? ''},${assistTick}` : '';
  useEffect(() => {
    if (!assistKey) {
      setAssist({ loading: false });
      return;
    }
    const [lon, lat, typeCode] = assistKey.split(',');
    const ctl = new AbortController();
    setAssist((a) => ({ ...a, loading: true }));
    const timer = setTimeout(() => {
      dispatchApi
        .assist({ lon: Number(lon), lat: Number(lat), typeCode: typeCode || undefined }, ctl.signal)
        .then(
          (view) => setAssist({ view, loading: false }),
          () => !ctl.signal.aborted && setAssist({ loading: false }),
        );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [assistKey]);

  const reset = () => {
    setForm(EMPTY);
    setError(null);
    setMissing(null);
    key.current = { key: newIdempotencyKey(), body: '' };
    typeInput.current?.focus();
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setNotice(null);
    if (!form.type) return setMissing(dt('call.missingType'));
    if (!point && !form.address.trim()) return setMissing(dt('call.missingPoint'));
    setMissing(null);
    // A retry of the same content reuses the key (the server answers with the first result);
    // changed content is a different call and gets a fresh one.
    const probe = JSON.stringify(bodyOf(form, point, ''));
    if (probe !== key.current.body) key.current = { key: newIdempotencyKey(), body: probe };
    setBusy(true);
    setError(null);
    try {
      const res = await dispatchApi.createCall(bodyOf(form, point, key.current.key));
      setOffered([]);
      const number = res.incident?.number ?? form.mergeNumber ?? '';
      reset();
      setNotice(form.mergeId ? dt('call.merged', { number }) : dt('call.created', { number }));
    } catch (err) {
      setError(err);
      setOffered(problemCandidates(err));
    } finally {
      setBusy(false);
    }
  };
  const pickPlace = (c: GeocodeCandidate) =>
    setForm((f) => ({ ...f, lon: String(c.lon), lat: String(c.lat), address: f.address.trim() || c.label }));

  const override = form.type && form.priority !== null && form.priority !== form.type.defaultPriority;
  const field = (k: 'address' | 'phone' | 'name', label: string, extra?: object) => (
    <label className="field field-compact">
      <span>{label}</span>
      <input value={form[k]} onChange={(e) => set(k, e.target.value)} {...extra} />
    </label>
  );

  return (
    <div className="page d-call">
      <form
        className="d-call-form"
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          if (e.ctrlKey || e.metaKey) void submit(e);
          // A plain Enter in a text field must not send a half-taken call.
          else if (e.target instanceof HTMLInputElement) e.preventDefault();
        }}
        aria-busy={busy}
        noValidate
      >
        <div className="page-head">
          <h1 className="page-title">{dt('call.title')}</h1>
          <span className="muted d-small">{dt('call.shortcuts')}</span>
        </div>
        {types.loading && <Loading />}
        {types.error ? <DispatchProblem error={types.error} onRetry={types.reload} /> : null}
        <TypeSearch
          ref={typeInput}
          types={types.data?.items ?? []}
          value={form.type}
          onChange={(x) => setForm((f) => ({ ...f, type: x, priority: null, reason: '' }))}
        />
        {form.type && form.type.questions.length > 0 && (
          <details className="d-questions" open>
            <summary>{dt('call.questions')}</summary>
            <ul>
              {form.type.questions.map((q) => (
                <li key={q.id} className={q.kind === 'instruction' ? 'd-instruction' : undefined}>
                  {loc(q.text)}
                </li>
              ))}
            </ul>
          </details>
        )}
        <fieldset className="d-fieldset">
          <legend>{dt('call.location')}</legend>
          <AddressSearch
            value={form.address}
            onChange={(text) => set('address', text)}
            onPick={pickPlace}
            offered={offered}
          />
          <div className="input-row">
            <label className="field field-compact">
              <span>{dt('call.lon')}</span>
              <input inputMode="decimal" value={form.lon} onChange={(e) => set('lon', e.target.value)} />
            </label>
            <label className="field field-compact">
              <span>{dt('call.lat')}</span>
              <input inputMode="decimal" value={form.lat} onChange={(e) => set('lat', e.target.value)} />
            </label>
          </div>
          <p className="muted d-small" aria-live="polite">
            {point ? dt('call.pointSet', { lon: point[0], lat: point[1] }) : dt('call.noPoint')}
          </p>
        </fieldset>
        <div className="input-row">
          <label className="field field-compact">
            <span>{dt('call.priority')}</span>
            <select
              value={form.priority ?? form.type?.defaultPriority ?? ''}
              onChange={(e) => set('priority', Number(e.target.value))}
              disabled={!form.type}
            >
              {[1, 2, 3, 4].map((p) => (
                <option key={p} value={p}>
                  P{p}
                </option>
              ))}
            </select>
          </label>
          {form.type && (
            <span className="muted d-small d-align-end">
              {dt('call.priorityDefault', { p: form.type.defaultPriority })}
            </span>
          )}
        </div>
        {override && (
          <label className="field field-compact">
            <span>{dt('call.priorityReason')}</span>
            <input
              required
              value={form.reason}
              onChange={(e) => set('reason', e.target.value)}
              aria-required="true"
            />
          </label>
        )}
        <div className="input-row">
          {field('phone', dt('call.callerPhone'), { inputMode: 'tel', autoComplete: 'off' })}
          {field('name', dt('call.callerName'), { autoComplete: 'off' })}
        </div>
        <label className="field field-compact">
          <span>{dt('call.narrative')}</span>
          <textarea
            rows={4}
            maxLength={4000}
            value={form.narrative}
            onChange={(e) => set('narrative', e.target.value)}
          />
        </label>
        <label className="field field-compact">
          <span>{dt('call.hazards')}</span>
          <textarea rows={2} value={form.hazards} onChange={(e) => set('hazards', e.target.value)} />
        </label>
        {form.type && form.type.hazards.length > 0 && (
          <p className="muted d-small">
            {dt('call.typeHazards')}: {form.type.hazards.map(loc).join(' · ')}
          </p>
        )}
        {form.mergeId && (
          <p className="notice" data-testid="merge-note">
            {dt('call.mergeSelected', { number: form.mergeNumber })}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => setForm((f) => ({ ...f, mergeId: null, mergeNumber: null }))}
            >
              {dt('call.mergeCancel')}
            </button>
          </p>
        )}
        {missing && (
          <p className="problem" role="alert">
            {missing}
          </p>
        )}
        <DispatchProblem error={error} />
        {notice && (
          <p className="success" role="status" data-testid="call-notice">
            {notice}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy
              ? dt('call.submitting')
              : form.mergeId
                ? dt('call.mergeInto', { number: form.mergeNumber })
                : dt('call.submit')}
          </button>
          <button type="button" className="btn" onClick={reset}>
            {dt('call.reset')}
          </button>
        </div>
      </form>
      <section className="d-call-map" aria-label={dt('call.pickOnMap')}>
        <p className="d-map-hint muted">{dt('call.pickOnMap')}</p>
        <DispatchMap
          config={config}
          pick={point}
          onPick={([lon, lat]) => setForm((f) => ({ ...f, lon: String(lon), lat: String(lat) }))}
          testId="call-map"
        />
      </section>
      <AssistPanel
        view={assist.view}
        loading={assist.loading}
        hasPoint={point !== null}
        mergeId={form.mergeId}
        onMerge={(id, number) => setForm((f) => ({ ...f, mergeId: id, mergeNumber: number }))}
        typeName={(code) => {
          const x = types.data?.items.find((t) => t.code === code);
          return x ? loc(x.name) : code;
        }}
      />
    </div>
  );
}
