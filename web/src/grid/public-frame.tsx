import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../app/language-switch.tsx';
import { Link } from '../app/router.tsx';
import { TopProgress } from '../ui/progress.tsx';
import './grid.css';
import { useGridT } from './i18n.ts';

/** Frame of the public pages (no sign-in): name, links to report and follow, language switch. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { gt } = useGridT();
  return (
    <>
      <TopProgress />
      <header className="grid-public-head">
        <span className="brand">{t('app.name')}</span>
        <nav className="input-row" aria-label={gt('report.title')}>
          <Link href="/report">{gt('report.title')}</Link>
          <Link href="/follow">{gt('follow.title')}</Link>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" className="grid-public">
        {children}
      </main>
    </>
  );
}
