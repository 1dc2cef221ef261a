/** The two languages Haven speaks. */
export type GridLocale = 'zh-CN' | 'en';

/** Locale from an explicit parameter or an Accept-Language header; English by default. */
export function pickLocale(
  explicit: string | null | undefined,
  acceptLanguage: string | undefined,
): GridLocale {
  const tag = (explicit ?? acceptLanguage ?? '').trim().toLowerCase();
  return tag.startsWith('zh') ? 'zh-CN' : 'en';
}

/** The name in the locale, falling back to the other one. */
export function localName(zh: string | null, en: string | null, locale: GridLocale): string {
  return (locale === 'zh-CN' ? (zh ?? en) : (en ?? zh)) ?? '';
}
