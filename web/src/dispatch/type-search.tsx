import { forwardRef, type KeyboardEvent, useId, useMemo, useState } from 'react';
import { useDt } from './i18n.ts';
import type { IncidentType } from './types.ts';

/** Types matching `query` by code prefix first, then by name in either language. */
export function searchTypes(types: IncidentType[], query: string): IncidentType[] {
  const s = query.trim().toLowerCase();
  if (!s) return types.slice(0, 12);
  const byCode = types.filter((x) => x.code.toLowerCase().startsWith(s));
  const byName = types.filter(
    (x) => !byCode.includes(x) && (x.name.zh.includes(query.trim()) || x.name.en.toLowerCase().includes(s)),
  );
  return [...byCode, ...byName].slice(0, 12);
}

/** Keyboard-first combobox over the incident-type catalogue. */
export const TypeSearch = forwardRef<
  HTMLInputElement,
  { types: IncidentType[]; value: IncidentType | null; onChange: (t: IncidentType | null) => void }
>(function TypeSearch({ types, value, onChange }, ref) {
  const { dt, loc } = useDt();
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => searchTypes(types, query), [types, query]);

  const choose = (x: IncidentType) => {
    onChange(x);
    setQuery('');
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const m = matches[active];
      if (m) choose(m);
    } else if (e.key === 'Escape') {
      setOpen(false);
    } else if (e.key === 'Backspace' && !query && value) {
      onChange(null);
    }
  };
  const shown = open && query.length > 0;

  return (
    <div className="d-combo">
      <label htmlFor={id}>{dt('call.type')}</label>
      <div className="d-combo-box">
        {value && (
          <span className="d-type-chosen" data-testid="type-chosen">
            <code>{value.code}</code> {loc(value.name)}{' '}
            <span className={`d-prio d-prio-${value.defaultPriority}`}>P{value.defaultPriority}</span>
          </span>
        )}
        <input
          ref={ref}
          id={id}
          role="combobox"
          aria-expanded={shown}
          aria-controls={`${id}-list`}
          aria-activedescendant={shown && matches[active] ? `${id}-o-${active}` : undefined}
          aria-autocomplete="list"
          autoComplete="off"
          placeholder={value ? '' : dt('call.typePlaceholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onBlur={() => setOpen(false)}
          onKeyDown={onKey}
        />
      </div>
      {shown && (
        <div className="d-combo-list" role="listbox" id={`${id}-list`} aria-label={dt('call.type')}>
          {matches.length === 0 && <div className="muted">{dt('call.typeNone')}</div>}
          {matches.map((m, i) => (
            <div
              key={m.code}
              tabIndex={-1}
              id={`${id}-o-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(m);
              }}
            >
              <code>{m.code}</code> {loc(m.name)}{' '}
              <span className={`d-prio d-prio-${m.defaultPriority}`}>P{m.defaultPriority}</span>
            </div>
          ))}
        </div>
      )}
      <small className="muted">{dt('call.typeHint')}</small>
    </div>
  );
});
