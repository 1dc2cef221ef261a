import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { en, zh } from './messages.ts';

i18next.addResourceBundle('en', 'grid', en, true, true);
i18next.addResourceBundle('zh-CN', 'grid', zh, true, true);

/** The grid module's translation function (`gt('report.title')`), in the current language. */
export function useGridT() {
  const { t, i18n } = useTranslation('grid');
  return { gt: t, lang: i18n.language === 'zh-CN' ? ('zh-CN' as const) : ('en' as const) };
}
