import { useTranslation } from 'react-i18next';

/** Placeholder while the screen is built. */
export function CallTakerPage() {
  const { t } = useTranslation();
  return (
    <div className="page page-pad">
      <h1 className="page-title">{t('nav.dispatchCall')}</h1>
    </div>
  );
}
