import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { dispatchApi, type GeocodeCandidate } from './dispatch-api.ts';
import { useDt } from './i18n.ts';

/**
 * The caller's address as typed, with place suggestions from the gazetteer (stations, earlier
 * premises, roads and crossings, jurisdictions): ↑↓ to move, Enter to take one, which sets the point.
 */
export function AddressSearch({
  value,
  onChange,
  onPick,
  offered,
}: {
  value: string;
  onChange: (text: string) => void;
  onPick: (c: GeocodeCandidate) => void;
  /** Candidates the server listed when it could not place the call by itself. */
  offered: GeocodeCandidate[];
}) {
  const { dt } = useDt();
  const id = useId();
  const [found, setFound] = useState<GeocodeCandidate[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [typed, setTyped] = useState(false);

  useEffect(() => {
    if (!typed || value.trim().length < 2) {
      setFound([]);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      dispatchApi.geocode(value.trim(), ctl.signal).then(
        (r) => setFound(r.candidates),
        () => undefined,
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [value, typed]);
  useEffect(() => {
    if (offered.length > 0) {
      setFound(offered);
      setActive(0);
      setOpen(true);
    }
  }, [offered]);

  const choose = (c: GeocodeCandidate) => {
    onPick(c);
    setTyped(false);
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, found.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open && !e.ctrlKey && !e.metaKey) {
      const c = found[active];
      if (c) {
        e.preventDefault();
        choose(c);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const shown = open && found.length > 0;

  return (
    <div className="d-combo">
      <label htmlFor={id}>{dt('call.address')}</label>
      <input
        id={id}
        role="combobox"
        aria-expanded={shown}
        aria-controls={`${id}-list`}
        aria-activedescendant={shown && found[active] ? `${id}-o-${active}` : undefined}
        aria-autocomplete="list"
        autoComplete="off"
        placeholder={dt('call.addressPlaceholder')}
        data-testid="address-input"
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setTyped(true);
          setActive(0);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
      />
      {shown && (
        <div className="d-combo-list" role="listbox" id={`${id}-list`} aria-label={dt('call.address')}>
          {found.map((c, i) => (
            <div
              key={`${c.kind}-${c.label}-${c.lon}-${c.lat}`}
              tabIndex={-1}
              id={`${id}-o-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              data-kind={c.kind}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(c);
              }}
            >
              {c.label} <span className="muted d-small">{dt(`geocodeKind.${c.kind}`)}</span>
            </div>
          ))}
        </div>
      )}
      <small className="muted">{dt('call.addressHint')}</small>
    </div>
  );
}
