import { Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, onUnauthorized, setCsrfToken } from '../api/client.ts';
import { getConfig, getMe, logout } from '../api/endpoints.ts';
import type { HavenConfig, Me, SessionResponse } from '../api/types.ts';
import { SignInPage } from '../auth/sign-in-page.tsx';
import { applyAccountLocale } from '../i18n/i18n.ts';
import { resetJurisdictions } from '../map/jurisdiction-store.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { matchPublic } from './nav.ts';
import { navigate, usePathname } from './router.tsx';
import { Shell } from './shell.tsx';

type Boot =
  | { phase: 'loading' }
  | { phase: 'error'; error: unknown }
  | { phase: 'ready'; config: HavenConfig; me: Me | null };

async function boot(): Promise<Boot> {
  const [config, me] = await Promise.all([
    getConfig(),
    getMe().catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }),
  ]);
  setCsrfToken(me?.csrfToken ?? null);
  applyAccountLocale(me?.user.locale ?? null);
  return { phase: 'ready', config, me: me?.user ?? null };
}

/** Root: loads config and session, then shows the sign-in page or the shell. */
export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<Boot>({ phase: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const path = usePathname();

  const start = useCallback(() => {
    setState({ phase: 'loading' });
    boot().then(setState, (error: unknown) => setState({ phase: 'error', error }));
  }, []);
  useEffect(() => start(), [start]);

  // `notice` is an i18n key, so it follows a language switch on the sign-in page.
  const endSession = useCallback((message: string | null) => {
    setCsrfToken(null);
    resetJurisdictions();
    setNotice(message);
    setState((s) => (s.phase === 'ready' ? { ...s, me: null } : s));
  }, []);

  useEffect(() => onUnauthorized(() => endSession('auth.sessionExpired')), [endSession]);

  const signedIn = useCallback((s: SessionResponse) => {
    setCsrfToken(s.csrfToken);
    applyAccountLocale(s.user.locale);
    setNotice(null);
    setState((prev) => (prev.phase === 'ready' ? { ...prev, me: s.user } : prev));
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch {
      // the session is dropped locally either way
    }
    navigate('/', true);
    endSession('auth.signedOut');
  }, [endSession]);

  if (state.phase === 'loading') {
    return (
      <div className="boot">
        <Loading />
      </div>
    );
  }
  if (state.phase === 'error') {
    return (
      <main id="main" className="boot">
        <h1 className="page-title">{t('app.name')}</h1>
        <ProblemView error={state.error} onRetry={start} />
      </main>
    );
  }
  // Public screens (the residents' report form, follow-up by token) need no session.
  const PublicScreen = matchPublic(path)?.component;
  if (PublicScreen) {
    return (
      <Suspense fallback={<Loading />}>
        <PublicScreen />
      </Suspense>
    );
  }
  if (!state.me) {
    return <SignInPage onSignedIn={signedIn} notice={notice} version={state.config.version} />;
  }
  return <Shell session={{ me: state.me, config: state.config, signOut }} />;
}
