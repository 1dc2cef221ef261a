import { type KeyboardEvent, useEffect, useRef } from 'react';
import { formatDuration, useDt } from './i18n.ts';
import { type LiveIncident, levelAt, worstTimer } from './use-board.ts';

/** Live queue of open incidents by priority and age; ↑↓ move the selection. */
export function IncidentQueue({
  items,
  now,
  selectedId,
  onSelect,
}: {
  items: LiveIncident[];
  now: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { dt, loc } = useDt();
  const list = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      // Enter jumps to the recommended unit's dispatch button, the next thing to do.
      e.preventDefault();
      document.querySelector<HTMLButtonElement>('[data-testid="recommendation"] .btn-primary')?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    if (items.length === 0) return;
    const at = items.findIndex((i) => i.id === selectedId);
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? items.length - 1
          : Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
    onSelect(items[next]!.id);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the selection changes
  useEffect(() => {
    list.current?.querySelector('.is-selected')?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <div
      ref={list}
      className="d-queue-list"
      tabIndex={0}
      role="listbox"
      aria-label={dt('queue.title')}
      aria-activedescendant={selectedId ? `q-${selectedId}` : undefined}
      onKeyDown={onKey}
      data-testid="queue"
    >
      {items.length === 0 && <p className="muted page-pad">{dt('queue.empty')}</p>}
      {items.length > 0 && (
        <table className="d-table" role="presentation">
          <thead>
            <tr>
              <th>{dt('priority.label')}</th>
              <th>#</th>
              <th>{dt('call.type')}</th>
              <th>{dt('queue.age')}</th>
              <th>{dt('queue.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const w = worstTimer(i, now);
              const level = w ? levelAt(w.timer, w.elapsed) : 'ok';
              const overdue = i.overdue || level !== 'ok';
              const age = (now - Date.parse(i.receivedAt)) / 1000;
              const cls = [
                'd-row',
                i.id === selectedId && 'is-selected',
                overdue && 'is-overdue',
                i.fresh && 'is-new',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <tr
                  key={i.id}
                  id={`q-${i.id}`}
                  role="option"
                  aria-selected={i.id === selectedId}
                  className={cls}
                  data-number={i.number}
                  data-status={i.status}
                  onClick={() => onSelect(i.id)}
                >
                  <td>
                    <span className={`d-prio d-prio-${i.priority}`}>P{i.priority}</span>
                  </td>
                  <td>
                    <strong className="d-nowrap">{i.number}</strong>
                    <br />
                    <span className={`d-status d-status-${i.status}`}>
                      {dt(`incidentStatus.${i.status}`)}
                    </span>
                  </td>
                  <td>
                    {loc(i.typeName)}
                    <br />
                    <span className="muted">{i.address ?? loc(i.jurisdictionName)}</span>
                  </td>
                  <td className="d-timer">{formatDuration(age)}</td>
                  <td>
                    {w && (
                      <span className={`d-timer d-timer-${level}`} title={dt(`timer.${w.timer.timer}`)}>
                        {formatDuration(w.elapsed)}
                      </span>
                    )}
                    {w && (
                      <>
                        <br />
                        <span className="muted d-small">{dt(`timer.${w.timer.timer}`)}</span>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
