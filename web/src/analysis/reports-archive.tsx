import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useSession } from '../app/session.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useSubmit } from '../ui/use-submit.ts';
import './reports-i18n.ts';

interface Schedule {
  id: string;
  period: 'week' | 'month';
  jurisdictionPath: string | null;
  tz: string;
  lang: string;
}

interface Archived {
  id: string;
  period: 'week' | 'month';
  periodStart: string;
  periodEnd: string;
  jurisdictionPath: string | null;
  lang: string;
  total: number;
  generatedAt: string;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Situation reports: on demand (PDF/HTML), schedules, and the archive of scheduled reports. */
export function ReportsArchivePage() {
  const { t: rt, i18n } = useTranslation('analysisReports');
  const { me } = useSession();
  const [schedules, setSchedules] = useState<Schedule[] | null>(null);
  const [archive, setArchive] = useState<Archived[] | null>(null);
  const { error, setError, run } = useSubmit();
  const [form, setForm] = useState({
    period: 'week' as 'week' | 'month',
    asOf: yesterday(),
    jurisdiction: me.jurisdictions[0]?.path ?? '',
    tz: browserZone(),
    lang: i18n.language === 'en' ? 'en' : 'zh-CN',
  });

  const load = useCallback(async () => {
    try {
      setSchedules(await api.get<Schedule[]>('/api/analysis/reports/schedules'));
      setArchive(await api.get<Archived[]>('/api/analysis/reports/archive'));
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
  const query = new URLSearchParams({
    period: form.period,
    asOf: form.asOf,
    tz: form.tz,
    lang: form.lang,
    ...(form.jurisdiction ? { jurisdiction: form.jurisdiction } : {}),
  }).toString();
  const periodName = (p: 'week' | 'month') => rt(p === 'week' ? 'weekly' : 'monthly');

  return (
    <section className="page" aria-labelledby="reports-title">
      <h1 id="reports-title">{rt('title')}</h1>
      {error !== null && <ProblemView error={error} />}
      <form className="form" onSubmit={(e) => e.preventDefault()}>
        <h2>{rt('onDemand')}</h2>
        <label>
          {rt('period')}
          <select
            value={form.period}
            onChange={(e) => setForm({ ...form, period: e.target.value as 'week' | 'month' })}
          >
            <option value="week">{rt('week')}</option>
            <option value="month">{rt('month')}</option>
          </select>
        </label>
        <label>
          {rt('asOf')}
          <input type="date" value={form.asOf} onChange={(e) => setForm({ ...form, asOf: e.target.value })} />
        </label>
        <label>
          {rt('jurisdiction')}
          <input
            value={form.jurisdiction}
            onChange={(e) => setForm({ ...form, jurisdiction: e.target.value })}
          />
        </label>
        <label>
          {rt('timeZone')}
          <input value={form.tz} onChange={(e) => setForm({ ...form, tz: e.target.value })} />
        </label>
        <label>
          {rt('language')}
          <select value={form.lang} onChange={(e) => setForm({ ...form, lang: e.target.value })}>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <p>
          <a href={`/api/analysis/reports/situation.pdf?${query}`} target="_blank" rel="noreferrer">
            {rt('openPdf')}
          </a>{' '}
          ·{' '}
          <a href={`/api/analysis/reports/situation.html?${query}`} target="_blank" rel="noreferrer">
            {rt('openHtml')}
          </a>
        </p>
        <button
          type="button"
          onClick={() =>
            void act(() =>
              api.post('/api/analysis/reports/schedules', {
                period: form.period,
                tz: form.tz,
                lang: form.lang,
                ...(form.jurisdiction ? { jurisdiction: form.jurisdiction } : {}),
              }),
            )
          }
        >
          {rt('schedule')}
        </button>
      </form>
      <h2>{rt('schedules')}</h2>
      {schedules === null ? (
        <Loading />
      ) : schedules.length === 0 ? (
        <p>{rt('noSchedules')}</p>
      ) : (
        <ul aria-label={rt('schedules')}>
          {schedules.map((s) => (
            <li key={s.id} data-testid="report-schedule">
              {periodName(s.period)} · {s.jurisdictionPath ?? rt('all')} · {s.tz} · {s.lang}{' '}
              <button
                type="button"
                onClick={() => void act(() => api.del(`/api/analysis/reports/schedules/${s.id}`))}
              >
                {rt('unschedule')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>{rt('archive')}</h2>
      {archive === null ? (
        <Loading />
      ) : archive.length === 0 ? (
        <p>{rt('noReports')}</p>
      ) : (
        <table aria-label={rt('archive')}>
          <thead>
            <tr>
              <th>{rt('period')}</th>
              <th>{rt('covered')}</th>
              <th>{rt('jurisdiction')}</th>
              <th>{rt('total')}</th>
              <th>{rt('generated')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {archive.map((r) => (
              <tr key={r.id} data-testid="archived-report">
                <td>{periodName(r.period)}</td>
                <td>
                  {r.periodStart} – {r.periodEnd}
                </td>
                <td>{r.jurisdictionPath ?? rt('all')}</td>
                <td>{r.total}</td>
                <td>{new Date(r.generatedAt).toLocaleString(i18n.language)}</td>
                <td>
                  <a
                    href={`/api/analysis/reports/archive/${r.id}/report.pdf`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    PDF
                  </a>{' '}
                  <a
                    href={`/api/analysis/reports/archive/${r.id}/report.html`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    HTML
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
