import { useTranslation } from 'react-i18next';
import { LOCALES, setLocale } from '../i18n/i18n.ts';

// Each language is named in itself so a reader of either can find theirs.
const AUTONYM: Record<string, string> = { 'zh-CN': '中文', en: 'English' };

/** Segmented zh-CN / en switch; the choice is remembered. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('lang.label')}</legend>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="seg"
          aria-pressed={i18n.language === l}
          data-testid={`lang-${l}`}
          onClick={() => void setLocale(l)}
        >
          {AUTONYM[l]}
        </button>
      ))}
    </fieldset>
  );
}
