import { Suspense, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatList } from '../i18n/format.ts';
import { currentLocale } from '../i18n/i18n.ts';
import { JurisdictionSync } from '../map/jurisdiction-sync.tsx';
import { localName } from '../map/tree.ts';
import { ErrorBoundary } from '../ui/error-boundary.tsx';
import { Loading, TopProgress } from '../ui/progress.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { LiveProvider } from './live-context.tsx';
import { LiveIndicator } from './live-indicator.tsx';
import { matchNav, NAV } from './nav.ts';
import { hasPermission } from './permissions.ts';
import { navigate, usePathname } from './router.tsx';
import { type Session, SessionContext } from './session.tsx';
import { SideNav } from './side-nav.tsx';

/** The signed-in frame: top bar, navigation by permission, and the routed screen. */
export function Shell({ session }: { session: Session }) {
  const { t } = useTranslation();
  const path = usePathname();
  const mainRef = useRef<HTMLElement>(null);
  const { me } = session;
  const visible = useMemo(() => NAV.filter((e) => hasPermission(me.permissions, e.permission)), [me]);
  const home = visible[0]?.path ?? null;

  useEffect(() => {
    if ((path === '/' || path === '/login') && home) navigate(home, true);
  }, [path, home]);

  // The tab title names the screen, so several open Haven tabs can be told apart.
  const entry = matchNav(NAV, path);
  useEffect(() => {
    document.title = entry ? `${t(entry.labelKey)} · ${t('app.title')}` : t('app.title');
  }, [entry, t]);

  // Move focus to a newly opened screen so keyboard and screen-reader users land on it;
  // moves inside one screen (selecting a row, /admin/users/<id>) keep focus where it is.
  const screen = entry?.path ?? path;
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the screen changes
  useEffect(() => {
    if (first.current) first.current = false;
    else mainRef.current?.focus({ preventScroll: true });
  }, [screen]);

  const scope = formatList(me.jurisdictions.map((j) => localName(j, currentLocale())));

  return (
    <SessionContext.Provider value={session}>
      <LiveProvider enabled={hasPermission(me.permissions, 'events.subscribe')}>
        <a className="skip-link" href="#main">
          {t('app.skip')}
        </a>
        <TopProgress />
        <header className="topbar">
          <span className="brand">{t('app.name')}</span>
          {scope && (
            <span className="scope" title={t('app.scope')}>
              {scope}
            </span>
          )}
          <div className="topbar-right">
            <LiveIndicator />
            <LanguageSwitch />
            <span className="user" data-testid="user-name">
              {me.displayName || me.username}
            </span>
            <button type="button" className="btn btn-quiet" onClick={() => void session.signOut()}>
              {t('auth.signOut')}
            </button>
          </div>
        </header>
        <div className="frame">
          <SideNav entries={visible} path={path} version={session.config.version} />
          <main id="main" ref={mainRef} tabIndex={-1} className="main">
            <Routed path={path} visible={visible.length > 0} permissions={me.permissions} />
            <JurisdictionSync />
          </main>
        </div>
      </LiveProvider>
    </SessionContext.Provider>
  );
}

function Routed({ path, visible, permissions }: { path: string; visible: boolean; permissions: string[] }) {
  const { t } = useTranslation();
  const entry = matchNav(NAV, path);
  if (!entry) {
    if (path === '/' || path === '/login') {
      return visible ? <Loading /> : <Notice title={t('app.noScreens')} />;
    }
    return <Notice title={t('app.notFound')} />;
  }
  if (!hasPermission(permissions, entry.permission)) return <Notice title={t('error.forbidden')} />;
  const Screen = entry.component;
  return (
    <ErrorBoundary resetKey={entry.path}>
      <Suspense fallback={<Loading />}>
        <Screen />
      </Suspense>
    </ErrorBoundary>
  );
}

function Notice({ title }: { title: string }) {
  return (
    <div className="page page-pad">
      <h1 className="page-title">{title}</h1>
    </div>
  );
}
