import { ApiError } from '../api/client.ts';
import { ProblemView } from '../ui/problem-view.tsx';
import { problemAllowed, problemCode } from './dispatch-api.ts';
import { useDt } from './i18n.ts';

/** An API failure in the user's language: known dispatch problems get a plain sentence. */
export function DispatchProblem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { dt } = useDt();
  if (!error) return null;
  const code = problemCode(error);
  const text = code ? dt(`problem.${code}`, { defaultValue: '' }) : '';
  if (!text) return <ProblemView error={error} onRetry={onRetry} />;
  const allowed = problemAllowed(error);
  const detail = error instanceof ApiError ? error.problem.detail : undefined;
  return (
    <div className="problem" role="alert" data-problem={code}>
      <strong className="problem-title">{text}</strong>
      {allowed.length > 0 && (
        <p className="problem-detail">
          {dt('problem.allowedNow', {
            list: allowed.map((s) => dt(`unitStatus.${s}`, { defaultValue: s })).join(', '),
          })}
        </p>
      )}
      {detail && <p className="problem-detail muted">{detail}</p>}
    </div>
  );
}
