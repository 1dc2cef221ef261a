import type { TimelineItem } from './api.ts';
import { useGridT } from './i18n.ts';

/** The timeline of a request, oldest first; kinds and states in the user's language. */
export function TimelineList({ items, staff = false }: { items: TimelineItem[]; staff?: boolean }) {
  const { gt, lang } = useGridT();
  if (items.length === 0) return <p className="muted">{gt('common.noEntries')}</p>;
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <ol className="grid-timeline" data-testid="timeline">
      {items.map((e) => (
        <li key={e.id} data-kind={e.kind}>
          <time dateTime={e.at}>{fmt.format(new Date(e.at))}</time>
          <strong>{gt(`kinds.${e.kind}`, { defaultValue: e.kind })}</strong>
          {e.to && e.to !== e.from && (
            <span className="muted"> → {gt(`states.${e.to}`, { defaultValue: e.to })}</span>
          )}
          {staff && e.actorName && e.actorKind !== 'public' && (
            <span className="muted"> · {e.actorName}</span>
          )}
          {e.note && <p>{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}
