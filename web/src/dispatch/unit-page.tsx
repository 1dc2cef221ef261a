import { useTranslation } from 'react-i18next';

/** Placeholder while the screen is built. */
export function UnitPage() {
  const { t } = useTranslation();
  return (
    <div className="page page-pad">
      <h1 className="page-title">{t('nav.dispatchUnit')}</h1>
    </div>
  );
}
