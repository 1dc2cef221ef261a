import i18next from 'i18next';

/** Join names the way the UI language does ("a, b, c" / "a、b、c"). */
export function formatList(items: readonly string[]): string {
  try {
    return new Intl.ListFormat(i18next.language, { style: 'narrow', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}
