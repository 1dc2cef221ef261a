import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { login } from '../api/endpoints.ts';
import type { SessionResponse } from '../api/types.ts';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { ProblemView } from '../ui/problem-view.tsx';

/** Username / password form; `notice` (an i18n key) explains why the user is here (e.g. session expired). */
export function SignInPage({
  onSignedIn,
  notice,
  version,
}: {
  onSignedIn: (s: SessionResponse) => void;
  notice: string | null;
  version: string;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <main id="main" className="signin-card">
        <p className="brand brand-large">{t('app.name')}</p>
        <p className="muted signin-tagline">{t('app.tagline')}</p>
        <h1 className="signin-title">{t('auth.title')}</h1>
        {notice && (
          <p className="notice" role="status">
            {t(notice)}
          </p>
        )}
        <form onSubmit={submit} className="form" aria-busy={busy}>
          <label className="field">
            <span>{t('auth.username')}</span>
            <input
              name="username"
              autoComplete="username"
              required
              // biome-ignore lint/a11y/noAutofocus: the only task on this page
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('auth.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <SignInError error={error} />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('auth.signingIn') : t('auth.signIn')}
          </button>
        </form>
        <p className="muted signin-foot">{t('app.version', { version })}</p>
      </main>
    </div>
  );
}

function SignInError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && error.status === 401) {
    return (
      <p className="problem" role="alert">
        {t('auth.wrongCredentials')}
      </p>
    );
  }
  if (error instanceof ApiError && error.status === 429) {
    const seconds = error.problem.retryAfter;
    // Say when to retry in the UI's language when the server gives the number, else its own words.
    const when =
      typeof seconds === 'number'
        ? t('auth.retryIn', { count: Math.max(1, Math.ceil(seconds / 60)) })
        : error.problem.detail;
    return (
      <div className="problem" role="alert">
        <strong className="problem-title">{t('auth.lockedOut')}</strong>
        {when && <p className="problem-detail">{when}</p>}
      </div>
    );
  }
  return <ProblemView error={error} />;
}
