// The public warnings page: plain server-rendered HTML (no sign-in, no script), zh-CN or en.
import type { CapRow } from './cap-store.ts';
import { escapeXml } from './domain/xml.ts';

const TEXT = {
  en: {
    title: 'Public warnings',
    none: 'There are no current warnings.',
    expires: 'Until',
    feed: 'Atom feed',
    cap: 'CAP XML',
  },
  'zh-CN': {
    title: '公众预警',
    none: '目前没有生效的预警。',
    expires: '有效至',
    feed: 'Atom 订阅',
    cap: 'CAP XML',
  },
} as const;

/** Picks the page language from `?lang=` or Accept-Language (Chinese first). */
export function pageLanguage(query: string | undefined, acceptLanguage: string | undefined): 'en' | 'zh-CN' {
  if (query === 'en' || query === 'zh-CN') return query;
  return /^\s*en/i.test(acceptLanguage ?? '') ? 'en' : 'zh-CN';
}

/** Renders the current warnings as an HTML page. */
export function renderPublicPage(rows: readonly CapRow[], lang: 'en' | 'zh-CN'): string {
  const t = TEXT[lang];
  const items = rows.map((row) => {
    const info = row.alert.infos.find((i) => i.language === lang) ?? row.alert.infos[0];
    const areas = (info?.areas ?? []).map((a) => a.areaDesc).join('; ');
    return `<article class="warning severity-${escapeXml(row.severity.toLowerCase())}" data-id="${row.id}">
  <h2>${escapeXml(info?.headline ?? row.event)}</h2>
  <p class="meta">${escapeXml(info?.event ?? row.event)} · ${escapeXml(row.severity)} · ${escapeXml(areas)}</p>
  <p>${escapeXml(info?.description ?? '')}</p>
  ${info?.instruction ? `<p><strong>${escapeXml(info.instruction)}</strong></p>` : ''}
  <p class="meta">${t.expires} ${escapeXml(row.expiresAt ?? '–')} · <a href="/api/cap/alerts/${row.id}.xml">${t.cap}</a></p>
</article>`;
  });
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title} · Haven</title>
<link rel="alternate" type="application/atom+xml" href="/api/cap/alerts.atom" title="${t.feed}">
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.warning{border-left:6px solid #e6a100;padding:.5rem 1rem;margin:1rem 0;background:#fffaf0}
.severity-severe,.severity-extreme{border-color:#c62828;background:#fff3f3}.meta{color:#555;font-size:.9rem}</style>
</head>
<body><main><h1>${t.title}</h1>
<p><a href="?lang=zh-CN">中文</a> · <a href="?lang=en">English</a> · <a href="/api/cap/alerts.atom">${t.feed}</a></p>
${items.length ? items.join('\n') : `<p>${t.none}</p>`}
</main></body></html>`;
}
