import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ProblemView } from '../ui/problem-view.tsx';
import { Loading } from '../ui/progress.tsx';
import { type FollowView, publicApi, publicPhotoUrl } from './api.ts';
import { useGridT } from './i18n.ts';
import { PublicFrame } from './public-frame.tsx';
import { TimelineList } from './timeline-list.tsx';

// The token travels in the URL fragment, which browsers never send to the server.
const tokenFromHash = () => decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();

function RatePanel({ token, onDone }: { token: string; onDone: () => void }) {
  const { gt } = useGridT();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (stars < 1) return;
    try {
      await publicApi.rate(token, stars, comment.trim());
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form" onSubmit={submit} data-testid="rate-form">
      <fieldset className="grid-stars">
        <legend>{gt('follow.rateTitle')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            className="btn btn-small"
            aria-pressed={stars >= n}
            onClick={() => setStars(n)}
          >
            {gt('follow.stars', { count: n })}
          </button>
        ))}
      </fieldset>
      <label className="field">
        <span>{gt('follow.comment')}</span>
        <textarea maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <ProblemView error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={stars < 1}>
          {gt('follow.sendRating')}
        </button>
      </div>
    </form>
  );
}

function TextAction({
  title,
  label,
  button,
  send,
  testId,
}: {
  title: string;
  label: string;
  button: string;
  send: (text: string) => Promise<void>;
  testId: string;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="form"
      data-testid={testId}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        try {
          await send(text.trim());
          setText('');
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h2 className="panel-title">{title}</h2>
      <label className="field">
        <span>{label}</span>
        <textarea required maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <ProblemView error={error} />
      <div className="form-actions">
        <button type="submit" className="btn">
          {button}
        </button>
      </div>
    </form>
  );
}

function RequestView({ view, token, reload }: { view: FollowView; token: string; reload: () => void }) {
  const { gt, lang } = useGridT();
  const date = (iso: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return (
    <article className="form" data-testid="follow-view" data-state={view.state}>
      <h2 className="panel-title">
        {view.publicId} · {lang === 'zh-CN' ? view.typeNameZh : view.typeNameEn}
      </h2>
      <dl className="props">
        <dt>{gt('common.status')}</dt>
        <dd data-testid="follow-state">{gt(`states.${view.state}`)}</dd>
        <dt>{gt('common.submittedAt')}</dt>
        <dd>{date(view.submittedAt)}</dd>
        {view.deadline && view.status === 'open' && (
          <>
            <dt>{gt('common.deadline')}</dt>
            <dd>{date(view.deadline)}</dd>
          </>
        )}
        {view.statusNotes && (
          <>
            <dt>{gt('common.note')}</dt>
            <dd data-testid="status-notes">{view.statusNotes}</dd>
          </>
        )}
      </dl>
      {view.description && <p>{view.description}</p>}
      {view.photos.length > 0 && (
        <div className="grid-photos">
          {view.photos.map((p, i) => (
            <img key={p.id} src={publicPhotoUrl(p.id)} alt={gt('common.photoAlt', { n: i + 1 })} />
          ))}
        </div>
      )}
      <h3 className="panel-subtitle">{gt('common.timeline')}</h3>
      <TimelineList items={view.timeline} />
      {view.rating !== null && <p role="status">{gt('follow.rated', { stars: view.rating })}</p>}
      {view.canRate && <RatePanel token={token} onDone={reload} />}
      {view.waitingForReporter && (
        <TextAction
          testId="reply-form"
          title={gt('follow.replyTitle')}
          label={gt('follow.yourAnswer')}
          button={gt('follow.sendReply')}
          send={async (t) => {
            await publicApi.reply(token, t);
            reload();
          }}
        />
      )}
      {view.canReopen && view.reopenUntil && (
        <TextAction
          testId="reopen-form"
          title={gt('follow.reopenTitle')}
          label={`${gt('common.reason')} — ${gt('follow.reopenUntil', { date: date(view.reopenUntil) })}`}
          button={gt('follow.reopen')}
          send={async (t) => {
            await publicApi.reopen(token, t);
            reload();
          }}
        />
      )}
    </article>
  );
}

/** Public page: follow a report with its token, answer questions, rate the result, reopen it. */
export function FollowPage() {
  const { gt } = useGridT();
  const [input, setInput] = useState(tokenFromHash);
  const [token, setToken] = useState(tokenFromHash);
  const [view, setView] = useState<FollowView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async (t: string) => {
    if (!t) return;
    setLoading(true);
    setError(null);
    try {
      setView(await publicApi.follow(t));
    } catch (err) {
      setView(null);
      setError(err);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(token);
  }, [token, load]);

  return (
    <PublicFrame>
      <h1 className="page-title">{gt('follow.title')}</h1>
      <form
        className="input-row"
        onSubmit={(e) => {
          e.preventDefault();
          window.history.replaceState(null, '', `/follow#${encodeURIComponent(input.trim())}`);
          setToken(input.trim());
          void load(input.trim());
        }}
      >
        <label className="field field-compact">
          <span>{gt('follow.tokenLabel')}</span>
          <input
            value={input}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setInput(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary">
          {gt('follow.lookUp')}
        </button>
      </form>
      <ProblemView error={error} />
      {loading && !view && <Loading />}
      {view && <RequestView view={view} token={token} reload={() => void load(token)} />}
    </PublicFrame>
  );
}
