import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types.ts';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

/** Locales offered in the language switch, in display order. */
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'haven.locale';

/** Map a browser language tag to a supported locale (any Chinese variant -> zh-CN). */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const t = tag.toLowerCase();
  if (t.startsWith('zh')) return 'zh-CN';
  if (t.startsWith('en')) return 'en';
  return null;
}

/** Locale to start with: the remembered choice, else the browser's preference, else English. */
export function initialLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage may be blocked; fall back to the browser
  }
  const remembered = stored === 'zh-CN' || stored === 'en' ? stored : null;
  if (remembered) return remembered;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const m = matchLocale(tag);
    if (m) return m;
  }
  return 'en';
}

function applyDocumentLang(locale: string): void {
  document.documentElement.lang = locale;
  document.title = i18next.t('app.title');
}

/** Whether the user picked a language in this browser. */
export function hasRememberedLocale(): boolean {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'zh-CN' || v === 'en';
  } catch {
    return false;
  }
}

/** Apply the account's preferred language unless a choice was made in this browser. */
export function applyAccountLocale(locale: Locale | null): void {
  if (locale && !hasRememberedLocale() && i18next.language !== locale) void i18next.changeLanguage(locale);
}

/** Initialise i18next once; resolves when translations are ready. */
export async function initI18n(): Promise<void> {
  i18next.on('languageChanged', applyDocumentLang);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: initialLocale(),
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  applyDocumentLang(i18next.language);
}

/** Switch language and remember the choice. */
export async function setLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered, still switched
  }
  await i18next.changeLanguage(locale);
}

/** The active locale. */
export function currentLocale(): Locale {
  return i18next.language === 'zh-CN' ? 'zh-CN' : 'en';
}
