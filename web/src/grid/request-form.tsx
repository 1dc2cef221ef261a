import { type FormEvent, useId, useMemo, useState } from 'react';
import { ProblemView } from '../ui/problem-view.tsx';
import type { AreaCollection, GridAttribute, GridService, PhotoPayload, RequestPayload } from './api.ts';
import { GridMap } from './grid-map.tsx';
import { useGridT } from './i18n.ts';
import { PhotoInput } from './photo-input.tsx';

type Values = Record<string, string | string[]>;

function AttributeField({
  a,
  value,
  onChange,
  lang,
}: {
  a: GridAttribute;
  value: string | string[] | undefined;
  onChange: (v: string | string[]) => void;
  lang: 'zh-CN' | 'en';
}) {
  const id = useId();
  const label = (lang === 'zh-CN' ? a.description_zh : null) ?? a.description;
  const name = (v: { name: string; name_zh?: string | null }) =>
    lang === 'zh-CN' ? (v.name_zh ?? v.name) : v.name;
  if (!a.variable) return <p className="muted">{label}</p>;
  if (a.datatype === 'multivaluelist') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset className="field">
        <legend>{label}</legend>
        {(a.values ?? []).map((v) => (
          <label key={v.key} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(v.key)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, v.key] : chosen.filter((k) => k !== v.key))
              }
            />
            {name(v)}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {a.datatype === 'singlevaluelist' ? (
        <select
          id={id}
          required={a.required}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">—</option>
          {(a.values ?? []).map((v) => (
            <option key={v.key} value={v.key}>
              {name(v)}
            </option>
          ))}
        </select>
      ) : a.datatype === 'text' ? (
        <textarea
          id={id}
          required={a.required}
          maxLength={1000}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          required={a.required}
          type={a.datatype === 'number' ? 'number' : a.datatype === 'datetime' ? 'datetime-local' : 'text'}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  );
}

/** Inputs for coordinates, kept in step with the map pick (keyboard alternative to clicking). */
function CoordinateInputs({
  pick,
  onPick,
}: {
  pick: { lon: number; lat: number } | null;
  onPick: (p: { lon: number; lat: number }) => void;
}) {
  const { gt } = useGridT();
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const shownLat = pick ? pick.lat.toFixed(6) : lat;
  const shownLon = pick ? pick.lon.toFixed(6) : lon;
  const commit = (la: string, lo: string) => {
    setLat(la);
    setLon(lo);
    const a = Number(la);
    const b = Number(lo);
    if (la !== '' && lo !== '' && Number.isFinite(a) && Number.isFinite(b)) onPick({ lat: a, lon: b });
  };
  return (
    <div className="input-row">
      <label className="field field-compact">
        <span>{gt('common.latitude')}</span>
        <input inputMode="decimal" value={shownLat} onChange={(e) => commit(e.target.value, shownLon)} />
      </label>
      <label className="field field-compact">
        <span>{gt('common.longitude')}</span>
        <input inputMode="decimal" value={shownLon} onChange={(e) => commit(shownLat, e.target.value)} />
      </label>
      <button
        type="button"
        className="btn btn-quiet"
        onClick={() =>
          navigator.geolocation?.getCurrentPosition((p) =>
            onPick({ lat: p.coords.latitude, lon: p.coords.longitude }),
          )
        }
      >
        {gt('common.useMyLocation')}
      </button>
    </div>
  );
}

/** The request form shared by the public page and the grid worker's phone view. */
export function RequestForm({
  services,
  areas,
  center,
  zoom,
  withContact,
  onSubmit,
}: {
  services: GridService[];
  areas: AreaCollection | null;
  center: [number, number];
  zoom: number;
  withContact: boolean;
  onSubmit: (p: RequestPayload) => Promise<void>;
}) {
  const { gt, lang } = useGridT();
  const [code, setCode] = useState('');
  const [values, setValues] = useState<Values>({});
  const [pick, setPick] = useState<{ lon: number; lat: number } | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PhotoPayload[]>([]);
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [hidden, setHidden] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [hint, setHint] = useState<string | null>(null);
  const service = services.find((s) => s.code === code);
  const groups = useMemo(() => {
    const m = new Map<string, GridService[]>();
    for (const s of services) m.set(s.groupName, [...(m.get(s.groupName) ?? []), s]);
    return [...m.entries()];
  }, [services]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!service) return setHint(gt('report.needType'));
    if (!pick) return setHint(gt('report.needPlace'));
    setHint(null);
    setBusy(true);
    setError(null);
    try {
      const c = Object.fromEntries(Object.entries(contact).filter(([, v]) => v.trim() !== ''));
      await onSubmit({
        serviceCode: service.code,
        lat: pick.lat,
        lon: pick.lon,
        ...(description.trim() ? { description: description.trim() } : {}),
        attributes: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v.length !== 0)),
        ...(withContact && Object.keys(c).length > 0 ? { contact: c } : {}),
        ...(hidden ? { private: true } : {}),
        ...(photos.length > 0 ? { photos } : {}),
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} aria-busy={busy} noValidate>
      <label className="field">
        <span>{gt('common.type')}</span>
        <select
          required
          value={code}
          data-testid="type-select"
          onChange={(e) => {
            setCode(e.target.value);
            setValues({});
          }}
        >
          <option value="">{gt('common.chooseType')}</option>
          {groups.map(([group, list]) => (
            <optgroup key={group} label={group}>
              {list.map((s) => (
                <option key={s.code} value={s.code}>
                  {lang === 'zh-CN' ? s.nameZh : s.nameEn}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {service?.attributes
        .slice()
        .sort((a, b) => a.order - b.order)
        .map((a) => (
          <AttributeField
            key={a.code}
            a={a}
            lang={lang}
            value={values[a.code]}
            onChange={(v) => setValues((x) => ({ ...x, [a.code]: v }))}
          />
        ))}
      <fieldset className="form-section">
        <legend>{gt('common.location')}</legend>
        <p className="muted">{gt('common.pickOnMap')}</p>
        <GridMap
          areas={areas}
          pick={pick}
          onPick={setPick}
          center={center}
          zoom={zoom}
          label={gt('common.mapLabel')}
          testId="pick-map"
          height={300}
        />
        <CoordinateInputs pick={pick} onPick={setPick} />
      </fieldset>
      <label className="field">
        <span>{gt('common.description')}</span>
        <textarea
          maxLength={4000}
          rows={4}
          value={description}
          data-testid="description"
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <PhotoInput photos={photos} onChange={setPhotos} />
      {withContact && (
        <fieldset className="form-section">
          <legend>{gt('report.contact')}</legend>
          <p className="muted">{gt('report.contactHint')}</p>
          {(['name', 'phone', 'email'] as const).map((k) => (
            <label key={k} className="field">
              <span>{gt(`report.${k}`)}</span>
              <input
                type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
                autoComplete={k === 'name' ? 'name' : k === 'phone' ? 'tel' : 'email'}
                maxLength={k === 'name' ? 100 : k === 'phone' ? 40 : 200}
                value={contact[k]}
                onChange={(e) => setContact((c) => ({ ...c, [k]: e.target.value }))}
              />
            </label>
          ))}
          <label className="check">
            <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
            {gt('report.private')}
          </label>
        </fieldset>
      )}
      {hint && (
        <p role="alert" className="problem-detail">
          {hint}
        </p>
      )}
      <ProblemView error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? gt('common.sending') : gt('common.submit')}
        </button>
      </div>
    </form>
  );
}
