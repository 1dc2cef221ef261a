import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

const STATUS_KEYS: Record<number, string> = {
  0: 'error.network',
  400: 'error.invalid',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.notFound',
  409: 'error.conflict',
  413: 'error.tooLarge',
  422: 'error.invalid',
  429: 'error.tooMany',
};

// The server's title is English; the UI names the kind of failure in its own language and
// shows the server's `detail` beneath it.
function statusTitle(status: number, t: (k: string) => string): string | null {
  const key = STATUS_KEYS[status] ?? (status >= 500 ? 'error.server' : null);
  return key ? t(key) : null;
}

/** Shows an error to the user: the server's problem `detail`, field errors and request id. */
export function ProblemView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  let title = t('error.unexpected');
  let detail: string | undefined;
  let fields: { path: string; message: string }[] = [];
  let requestId: string | undefined;
  if (error instanceof ApiError) {
    const p = error.problem;
    title = statusTitle(p.status, t) ?? (p.title || t('error.status', { status: p.status }));
    detail = p.status === 0 ? undefined : p.detail;
    fields = p.errors ?? [];
    requestId = p.requestId;
  } else if (error instanceof Error) {
    detail = error.message;
  }
  return (
    <div className="problem" role="alert">
      <strong className="problem-title">{title}</strong>
      {detail && <p className="problem-detail">{detail}</p>}
      {fields.length > 0 && (
        <ul className="problem-fields">
          {fields.map((f) => (
            <li key={`${f.path}:${f.message}`}>
              <code>{f.path || '/'}</code> {f.message}
            </li>
          ))}
        </ul>
      )}
      <div className="problem-foot">
        {requestId && <span className="muted">{t('error.requestId', { id: requestId })}</span>}
        {onRetry && (
          <button type="button" className="btn btn-small" onClick={onRetry}>
            {t('action.retry')}
          </button>
        )}
      </div>
    </div>
  );
}
