import { useTranslation } from 'react-i18next';
import { NAV_GROUPS, type NavEntry } from './nav.ts';
import { isUnder, Link } from './router.tsx';

/** Navigation grouped by section, showing only the entries the user may open. */
export function SideNav({ entries, path, version }: { entries: NavEntry[]; path: string; version: string }) {
  const { t } = useTranslation();
  return (
    <nav className="sidenav" aria-label={t('nav.label')}>
      {NAV_GROUPS.map((g) => {
        const items = entries.filter((e) => e.group === g);
        if (items.length === 0) return null;
        return (
          <div key={g} className="nav-group">
            <h2 className="nav-group-title" id={`nav-${g}`}>
              {t(`nav.group.${g}`)}
            </h2>
            <ul aria-labelledby={`nav-${g}`}>
              {items.map((e) => (
                <li key={e.path}>
                  <Link
                    href={e.path}
                    className="nav-link"
                    aria-current={isUnder(path, e.path) ? 'page' : undefined}
                  >
                    {t(e.labelKey)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <p className="nav-foot muted">{t('app.version', { version })}</p>
    </nav>
  );
}
