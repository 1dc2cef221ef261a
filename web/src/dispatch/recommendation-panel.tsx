import { type FormEvent, useState } from 'react';
import { hasPermission } from '../app/permissions.ts';
import { useSession } from '../app/session.tsx';
import { Loading } from '../ui/progress.tsx';
import { dispatchApi } from './dispatch-api.ts';
import { DispatchProblem } from './dispatch-problem.tsx';
import { formatDistance, formatDuration, useDt } from './i18n.ts';
import type { RecommendationView, Unit } from './types.ts';

/** Recommended units with ETA, distance and why; one click dispatches. */
export function RecommendationPanel({
  incidentId,
  rec,
  loading,
  error,
  onChanged,
  assigned,
  units,
}: {
  incidentId: string;
  rec: RecommendationView | undefined;
  loading: boolean;
  error: unknown;
  onChanged: () => void;
  assigned: string[];
  units: ReadonlyMap<string, Unit>;
}) {
  const { dt, loc } = useDt();
  const { me } = useSession();
  const canOverride = hasPermission(me.permissions, 'dispatch.shift_override');
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);

  const send = async (unitIds: { unitId: string; callSign: string }[]) => {
    setFailure(null);
    setSent(null);
    for (const u of unitIds) {
      setBusy(u.unitId);
      try {
        await dispatchApi.assign(incidentId, u.unitId);
        setSent(dt('rec.sent', { callSign: u.callSign }));
      } catch (e) {
        setFailure(e);
        break;
      }
    }
    setBusy(null);
    onChanged();
  };

  const isAssigned = (c: { unitId: string; alreadyAssigned: boolean }) =>
    c.alreadyAssigned || assigned.includes(c.unitId);
  const chosen = rec?.fills.flatMap((f) => f.chosen.filter((c) => !isAssigned(c))) ?? [];
  return (
    <section aria-label={dt('rec.title')} aria-busy={loading} data-testid="recommendation">
      <div className="d-detail-head">
        <h3 className="panel-subtitle">{dt('rec.title')}</h3>
        {rec && (
          <span className="muted d-small">{dt('rec.computed', { ms: rec.computedMs.toFixed(1) })}</span>
        )}
        <button type="button" className="btn btn-small btn-quiet" onClick={onChanged} disabled={loading}>
          {dt('rec.refresh')}
        </button>
      </div>
      {loading && !rec && <Loading label={dt('rec.loading')} />}
      <DispatchProblem error={error} />
      <DispatchProblem error={failure} />
      {sent && (
        <p className="success d-small" role="status">
          {sent}
        </p>
      )}
      {rec && chosen.length > 1 && (
        <button
          type="button"
          className="btn btn-primary btn-block"
          disabled={busy !== null}
          onClick={() => void send(chosen)}
        >
          {dt('rec.sendAll', { count: chosen.length })}
        </button>
      )}
      {rec?.fills.every((f) => f.chosen.length === 0) && rec.unmet.length === 0 && (
        <p className="muted">{dt('rec.none')}</p>
      )}
      {rec?.fills.map((f) => (
        <div key={f.capability}>
          {f.chosen.map((c, n) => (
            <div key={c.unitId} className="d-rec-unit" data-unit={c.callSign}>
              <div>
                <strong>{c.callSign}</strong>{' '}
                <span className="muted">{loc(units.get(c.unitId)?.kindName) || c.kind}</span>{' '}
                <span className="d-timer">
                  {dt('rec.eta')} {c.etaSeconds === null ? '–' : formatDuration(c.etaSeconds)}
                </span>{' '}
                <span className="muted">{formatDistance(c.metres)}</span>
                {c.source === 'straight_line' && <span className="muted"> · {dt('rec.straight')}</span>}
              </div>
              {isAssigned(c) ? (
                <span className="d-status d-status-dispatched">{dt('incidentStatus.dispatched')}</span>
              ) : (
                <button
                  type="button"
                  className={n === 0 ? 'btn btn-primary' : 'btn'}
                  disabled={busy !== null}
                  onClick={() => void send([c])}
                  data-testid={`send-${c.callSign}`}
                >
                  {busy === c.unitId ? '…' : dt('rec.send', { callSign: c.callSign })}
                </button>
              )}
              <div className="d-rec-explain">{loc(c.explanation)}</div>
            </div>
          ))}
          {f.skipped.length > 0 && (
            <details className="d-skipped">
              <summary>
                {dt('rec.skipped')} ({f.skipped.length + f.skippedNotShown})
              </summary>
              <ul className="d-list">
                {f.skipped.map((s) => (
                  <li key={s.unitId} data-unit={s.callSign}>
                    {s.callSign}:{' '}
                    {s.reasons.includes('off_shift')
                      ? loc(s.explanation)
                      : s.reasons.map((r) => dt(`skip.${r}`, { defaultValue: r })).join(', ')}
                    {canOverride && s.reasons.length === 1 && s.reasons[0] === 'off_shift' && (
                      <OverrideSend
                        callSign={s.callSign}
                        onSend={async (reason) => {
                          setFailure(null);
                          try {
                            await dispatchApi.assign(incidentId, s.unitId, reason);
                            setSent(dt('rec.sent', { callSign: s.callSign }));
                            onChanged();
                          } catch (e) {
                            setFailure(e);
                          }
                        }}
                      />
                    )}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      ))}
      {rec && rec.unmet.length > 0 && (
        <div className="notice" role="status">
          <strong>{dt('rec.unmet')}</strong>
          <ul>
            {rec.unmet.map((u) => (
              <li key={u.capability}>{loc(u.text)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** A supervisor sends an off-shift unit anyway, saying why (recorded on the timeline). */
function OverrideSend({ callSign, onSend }: { callSign: string; onSend: (reason: string) => Promise<void> }) {
  const { dt } = useDt();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    await onSend(reason.trim());
    setBusy(false);
    setOpen(false);
  };
  if (!open)
    return (
      <button type="button" className="btn btn-small btn-quiet" onClick={() => setOpen(true)}>
        {dt('rec.override', { callSign })}
      </button>
    );
  return (
    <form className="d-actions-form" onSubmit={submit} aria-busy={busy}>
      <label className="field field-compact">
        <span>{dt('rec.overrideReason')}</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          required
          // biome-ignore lint/a11y/noAutofocus: opened by an explicit button press
          autoFocus
        />
      </label>
      <button type="submit" className="btn btn-primary btn-small" disabled={busy || !reason.trim()}>
        {dt('rec.send', { callSign })}
      </button>
    </form>
  );
}
