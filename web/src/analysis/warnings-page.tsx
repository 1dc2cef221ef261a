import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { hasPermission } from '../app/permissions.ts';
import { useSession } from '../app/session.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useSubmit } from '../ui/use-submit.ts';
import './i18n.ts';

interface Warning {
  id: string;
  state: 'pending' | 'published' | 'rejected' | 'received';
  msgType: string;
  headline: string | null;
  event: string;
  severity: string;
  expiresAt: string | null;
  authorName: string;
  approverName: string | null;
  superseded: boolean;
}

const TEMPLATES = ['public_safety', 'crime_cluster', 'evacuation', 'road_closure'];

/** Authoring and approval of public warnings (CAP 1.2). */
export function WarningsPage() {
  const { t: at, i18n } = useTranslation('analysis');
  const { me } = useSession();
  const canApprove = hasPermission(me.permissions, 'analysis.cap.approve');
  const [list, setList] = useState<Warning[] | null>(null);
  const { error, setError, run } = useSubmit();
  const [form, setForm] = useState({
    template: 'public_safety',
    language: i18n.language === 'zh-CN' ? 'zh-CN' : 'en',
    headline: '',
    description: '',
    areaDesc: '',
    codes: me.jurisdictions[0]?.path.split('.').at(-1) ?? '',
    hours: 24,
  });

  const load = useCallback(async () => {
    try {
      setList(await api.get<Warning[]>('/api/analysis/cap/alerts'));
    } catch (e) {
      setError(e);
    }
  }, [setError]);
  useEffect(() => void load(), [load]);

  const act = (work: () => Promise<unknown>) =>
    run(async () => {
      await work();
      await load();
    });
  const submit = () =>
    act(() =>
      api.post('/api/analysis/cap/alerts', {
        template: form.template,
        language: form.language,
        headline: form.headline,
        description: form.description,
        areaDesc: form.areaDesc,
        jurisdictionCodes: form.codes
          .split(',')
          .map((c: string) => c.trim())
          .filter(Boolean),
        expiresAt: new Date(Date.now() + form.hours * 3_600_000).toISOString(),
      }),
    );

  return (
    <section className="page" aria-labelledby="warnings-title">
      <h1 id="warnings-title">{at('warnings.title')}</h1>
      <p>
        <a href="/api/public/warnings.html" target="_blank" rel="noreferrer">
          {at('warnings.publicPage')}
        </a>
      </p>
      {error !== null && <ProblemView error={error} />}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{at('warnings.new')}</h2>
        <label>
          {at('warnings.template')}
          <select value={form.template} onChange={(e) => setForm({ ...form, template: e.target.value })}>
            {TEMPLATES.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label>
          {at('warnings.language')}
          <select value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value })}>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <label>
          {at('warnings.headline')}
          <input
            required
            value={form.headline}
            onChange={(e) => setForm({ ...form, headline: e.target.value })}
          />
        </label>
        <label>
          {at('warnings.description')}
          <textarea
            required
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.target.value })}
          />
        </label>
        <label>
          {at('warnings.areaDesc')}
          <input
            required
            value={form.areaDesc}
            onChange={(e) => setForm({ ...form, areaDesc: e.target.value })}
          />
        </label>
        <label>
          {at('warnings.jurisdictions')}
          <input value={form.codes} onChange={(e) => setForm({ ...form, codes: e.target.value })} />
        </label>
        <label>
          {at('warnings.expiresHours')}
          <input
            type="number"
            min={1}
            max={720}
            value={form.hours}
            onChange={(e) => setForm({ ...form, hours: Number(e.target.value) })}
          />
        </label>
        <button type="submit">{at('warnings.submit')}</button>
      </form>
      {list === null ? (
        <Loading />
      ) : list.length === 0 ? (
        <p>{at('warnings.none')}</p>
      ) : (
        <ul className="warning-list" aria-label={at('warnings.title')}>
          {list.map((w) => (
            <li key={w.id} data-testid="cap-warning">
              <strong>{w.headline ?? w.event}</strong> · {w.msgType} · {w.severity} ·{' '}
              {at(`warnings.state.${w.state}`)}
              {w.superseded ? ` (${at('warnings.superseded')})` : ''} · {w.authorName}
              {w.approverName ? ` → ${w.approverName}` : ''}
              {w.state === 'pending' && canApprove && (
                <>
                  {' '}
                  <button
                    type="button"
                    onClick={() => void act(() => api.post(`/api/analysis/cap/alerts/${w.id}/approve`))}
                  >
                    {at('warnings.approve')}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => void act(() => api.post(`/api/analysis/cap/alerts/${w.id}/reject`))}
                  >
                    {at('warnings.reject')}
                  </button>
                </>
              )}
              {w.state === 'published' && !w.superseded && w.msgType !== 'Cancel' && (
                <>
                  {' '}
                  <button
                    type="button"
                    onClick={() => void act(() => api.post(`/api/analysis/cap/alerts/${w.id}/cancel`))}
                  >
                    {at('warnings.cancelAlert')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
