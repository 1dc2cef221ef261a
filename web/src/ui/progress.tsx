import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { onRequestsChange, requestsInFlight } from '../api/client.ts';

/** Thin indeterminate bar at the top of the page while any API request runs. */
export function TopProgress() {
  const { t } = useTranslation();
  const busy = useSyncExternalStore(onRequestsChange, requestsInFlight) > 0;
  return (
    <div className={busy ? 'top-progress is-busy' : 'top-progress'} aria-hidden={!busy}>
      {busy && <span className="visually-hidden">{t('status.loading')}</span>}
    </div>
  );
}

/** Inline loading placeholder for a region that is fetching its data. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('status.loading')}</span>
    </div>
  );
}
