import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

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
    if (p.status === 0) title = t('error.network');
    else if (p.status === 403) title = t('error.forbidden');
    else title = p.title || t('error.status', { status: p.status });
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
