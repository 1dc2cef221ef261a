import { useTranslation } from 'react-i18next';
import { useLiveStatus } from './live-context.tsx';

/** Dot and word for the event stream: connected / reconnecting / offline. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  if (status === null) return null;
  const shown = status === 'connecting' ? 'reconnecting' : status;
  return (
    <span className={`live live-${shown}`} role="status" data-testid="live-status" data-status={status}>
      <span className="live-dot" aria-hidden="true" />
      <span>{t(`live.${status}`)}</span>
    </span>
  );
}
