import { type FormEvent, useState } from 'react';
import { hasPermission } from '../app/permissions.ts';
import { useSession } from '../app/session.tsx';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { useAsync } from '../ui/use-async.ts';
import {
  type Department,
  gridApi,
  type PhotoPayload,
  type RequestTypeInfo,
  type StaffRequest,
} from './api.ts';
import { useGridT } from './i18n.ts';
import { PhotoInput } from './photo-input.tsx';
import { TimelineList } from './timeline-list.tsx';

const PURPOSES = [
  'service_request_handling',
  'callback',
  'case_handling',
  'supervision',
  'data_subject_request',
];

/** Fields an action needs, beyond the action name. */
type Need = 'department' | 'departments' | 'reply' | 'question' | 'reason' | 'note' | 'of' | 'type' | 'none';
const NEEDS: Record<string, Need> = {
  accept: 'none',
  start: 'none',
  close: 'note',
  reporter_replied: 'note',
  request_info: 'question',
  resolve: 'reply',
  send_back: 'reason',
  reopen: 'reason',
  withdraw: 'reason',
  reroute: 'department',
  add_co_handlers: 'departments',
  co_handler_done: 'department',
  mark_duplicate: 'of',
  change_type: 'type',
};

function ActionForm({
  request,
  action,
  departments,
  types,
  onDone,
  onCancel,
}: {
  request: StaffRequest;
  action: string;
  departments: Department[];
  types: RequestTypeInfo[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { gt, lang } = useGridT();
  const need = NEEDS[action] ?? 'none';
  const [text, setText] = useState('');
  const [dept, setDept] = useState('');
  const [photos, setPhotos] = useState<PhotoPayload[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const templates = useAsync((s) => (need === 'reply' ? gridApi.templates(s) : Promise.resolve([])), [need]);
  const name = (d: Department) => (lang === 'zh-CN' ? d.nameZh : d.nameEn);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { action };
    if (need === 'department') body.departmentId = dept;
    if (need === 'departments') body.departmentIds = [dept];
    if (need === 'reply') body.reply = text;
    if (need === 'question' || need === 'note') body.note = text;
    if (action === 'co_handler_done') body.note = text;
    if (need === 'reason') body.reason = text;
    if (need === 'of') body.of = text;
    if (need === 'type') body.serviceCode = dept;
    if (photos.length > 0) body.photos = photos;
    try {
      await gridApi.act(request.publicId, body);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const textLabel =
    need === 'reply'
      ? gt('detail.reply')
      : need === 'question'
        ? gt('detail.question')
        : need === 'of'
          ? gt('detail.original')
          : need === 'reason'
            ? gt('common.reason')
            : gt('common.note');
  return (
    <form className="form" onSubmit={submit} aria-busy={busy} data-testid="action-form">
      <h3 className="panel-subtitle">{gt(`actions.${action}`)}</h3>
      {(need === 'department' || need === 'departments') && (
        <label className="field">
          <span>{gt('detail.departmentIds')}</span>
          <select
            required
            value={dept}
            data-testid="department-select"
            onChange={(e) => setDept(e.target.value)}
          >
            <option value="">—</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {name(d)}
              </option>
            ))}
          </select>
        </label>
      )}
      {need === 'type' && (
        <label className="field">
          <span>{gt('detail.newType')}</span>
          <select required value={dept} onChange={(e) => setDept(e.target.value)}>
            <option value="">—</option>
            {types
              .filter((t) => t.active)
              .map((t) => (
                <option key={t.code} value={t.code}>
                  {lang === 'zh-CN' ? t.nameZh : t.nameEn}
                </option>
              ))}
          </select>
        </label>
      )}
      {need === 'reply' && (templates.data?.length ?? 0) > 0 && (
        <label className="field">
          <span>{gt('detail.template')}</span>
          <select
            onChange={(e) => setText(templates.data?.find((t) => t.id === e.target.value)?.body ?? text)}
          >
            <option value="">{gt('detail.noTemplate')}</option>
            {templates.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {(need !== 'none' && need !== 'department' && need !== 'departments' && need !== 'type') ||
      action === 'co_handler_done' ? (
        <label className="field">
          <span>{textLabel}</span>
          <textarea
            required={need !== 'note'}
            maxLength={4000}
            value={text}
            data-testid="action-text"
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      ) : null}
      {action === 'resolve' && <PhotoInput photos={photos} onChange={setPhotos} />}
      <ProblemView error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {gt('detail.apply')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {gt('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ContactPanel({ request }: { request: StaffRequest }) {
  const { gt } = useGridT();
  const [purpose, setPurpose] = useState(PURPOSES[0]!);
  const [contact, setContact] = useState<Record<string, string | null | boolean> | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (request.personalPurged) return <p className="muted">{gt('detail.purged')}</p>;
  if (!request.hasReporterContact) return <p className="muted">{gt('detail.noContact')}</p>;
  return (
    <div className="form">
      <p>{gt('detail.hasContact')}</p>
      <div className="input-row">
        <label className="field field-compact">
          <span>{gt('detail.purpose')}</span>
          <select value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {PURPOSES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          onClick={() => gridApi.reporter(request.publicId, purpose).then(setContact, setError)}
        >
          {gt('detail.showContact')}
        </button>
      </div>
      <ProblemView error={error} />
      {contact && (
        <dl className="props">
          {(['firstName', 'lastName', 'phone', 'email'] as const)
            .filter((k) => contact[k])
            .map((k) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(contact[k])}</dd>
              </div>
            ))}
        </dl>
      )}
    </div>
  );
}

function RedactionPanel({ request, onDone }: { request: StaffRequest; onDone: () => void }) {
  const { gt } = useGridT();
  const [wording, setWording] = useState(request.publicDescription ?? request.description ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = (body: Record<string, unknown>) =>
    gridApi.redact(request.publicId, body).then(onDone, setError);
  return (
    <div className="form">
      <label className="check">
        <input
          type="checkbox"
          checked={request.private}
          onChange={(e) => void save({ private: e.target.checked })}
        />
        {gt('detail.private')}
      </label>
      <label className="field">
        <span>{gt('detail.publicWording')}</span>
        <textarea maxLength={4000} value={wording} onChange={(e) => setWording(e.target.value)} />
      </label>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void save({ publicDescription: wording })}
      >
        {gt('detail.saveRedaction')}
      </button>
      <div className="grid-photos">
        {request.photos.map((p, i) => (
          <figure key={p.id} className="grid-thumb">
            <img src={gridApi.photoUrl(p.id)} alt={gt('common.photoAlt', { n: i + 1 })} />
            <button
              type="button"
              className="btn btn-small btn-quiet"
              onClick={() => void save(p.redacted ? { showPhotoIds: [p.id] } : { hidePhotoIds: [p.id] })}
            >
              {p.redacted ? gt('detail.showPhoto') : gt('detail.hidePhoto')}
            </button>
          </figure>
        ))}
      </div>
      <ProblemView error={error} />
    </div>
  );
}

/** Details of one request with its timeline and the actions the state and the user allow. */
export function RequestDetail({
  id,
  onChanged,
  onClose,
}: {
  id: string;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { gt, lang } = useGridT();
  const { me } = useSession();
  const req = useAsync((s) => gridApi.get(id, s), [id]);
  const departments = useAsync((s) => gridApi.departments(s), []);
  const types = useAsync((s) => gridApi.types(s), []);
  const [action, setAction] = useState<string | null>(null);
  const manage = hasPermission(me.permissions, 'grid.requests.manage');
  const r = req.data;
  const changed = () => {
    setAction(null);
    req.reload();
    onChanged();
  };
  const deptName = (did: string | null) => {
    const d = departments.data?.find((x) => x.id === did);
    return d ? (lang === 'zh-CN' ? d.nameZh : d.nameEn) : '—';
  };
  return (
    <aside className="grid-detail" aria-labelledby="grid-detail-title" data-testid="request-detail">
      <div className="input-row">
        <h2 id="grid-detail-title" className="panel-title">
          {r ? `${r.publicId} · ${lang === 'zh-CN' ? r.typeNameZh : r.typeNameEn}` : id}
        </h2>
        <button type="button" className="btn btn-quiet btn-small" onClick={onClose}>
          {gt('detail.close')}
        </button>
      </div>
      <ProblemView error={req.error} onRetry={req.reload} />
      {!r ? (
        <Loading />
      ) : (
        <>
          <dl className="props">
            <dt>{gt('common.status')}</dt>
            <dd data-testid="detail-state">{gt(`states.${r.state}`)}</dd>
            <dt>{gt('queue.department')}</dt>
            <dd>{deptName(r.departmentId)}</dd>
            <dt>{gt('common.deadline')}</dt>
            <dd>{r.deadline ? new Date(r.deadline).toLocaleString(lang) : '—'}</dd>
          </dl>
          {r.description && <p>{r.description}</p>}
          <section aria-label={gt('queue.more')}>
            <div className="input-row">
              {r.allowedActions
                .filter(
                  (a) =>
                    manage ||
                    ![
                      'reroute',
                      'mark_duplicate',
                      'change_type',
                      'add_co_handlers',
                      'withdraw',
                      'close',
                      'reopen',
                    ].includes(a),
                )
                .map((a) => (
                  <button
                    key={a}
                    type="button"
                    className="btn btn-small"
                    aria-pressed={action === a}
                    onClick={() => setAction(a)}
                  >
                    {gt(`actions.${a}`)}
                  </button>
                ))}
            </div>
            {action && (
              <ActionForm
                key={action}
                request={r}
                action={action}
                departments={departments.data ?? []}
                types={types.data ?? []}
                onDone={changed}
                onCancel={() => setAction(null)}
              />
            )}
          </section>
          <section>
            <h3 className="panel-subtitle">{gt('detail.reporter')}</h3>
            <ContactPanel request={r} />
          </section>
          {manage && (
            <section>
              <h3 className="panel-subtitle">{gt('detail.private')}</h3>
              <RedactionPanel request={r} onDone={changed} />
            </section>
          )}
          <section>
            <h3 className="panel-subtitle">{gt('common.timeline')}</h3>
            <TimelineList items={r.timeline} staff />
          </section>
        </>
      )}
    </aside>
  );
}
