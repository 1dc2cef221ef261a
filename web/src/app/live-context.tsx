import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import { api } from '../api/client.ts';
import type { HavenEventMap } from '../api/events.ts';
import { defaultStreamUrl, LiveClient, type LiveEvent, type LiveStatus } from '../api/live.ts';

const LiveContext = createContext<LiveClient | null>(null);

/** Owns the session's single event stream; `enabled` false (no permission) keeps it closed. */
export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [client] = useState(() => new LiveClient({ url: defaultStreamUrl() }));
  useEffect(() => {
    if (!enabled) return;
    client.start();
    const online = () => client.reconnectNow();
    window.addEventListener('online', online);
    // The browser hides why a WebSocket upgrade failed; when the stream stays down while the
    // network is up, ask the API: a 401 there ends the session and shows the sign-in page.
    const offStatus = client.onStatus(() => {
      if (client.status === 'offline' && navigator.onLine) api.get('/api/auth/me').catch(() => {});
    });
    return () => {
      offStatus();
      window.removeEventListener('online', online);
      client.stop();
    };
  }, [client, enabled]);
  return <LiveContext.Provider value={enabled ? client : null}>{children}</LiveContext.Provider>;
}

const noop = () => () => {};

/** Connection state of the event stream (null when the user may not subscribe). */
export function useLiveStatus(): LiveStatus | null {
  const client = useContext(LiveContext);
  const browserOnline = useSyncExternalStore(
    (l) => {
      window.addEventListener('online', l);
      window.addEventListener('offline', l);
      return () => {
        window.removeEventListener('online', l);
        window.removeEventListener('offline', l);
      };
    },
    () => navigator.onLine,
  );
  const subscribe = useCallback((l: () => void) => (client ? client.onStatus(l) : noop()), [client]);
  const status = useSyncExternalStore(subscribe, () => client?.status ?? null);
  if (status === null) return null;
  return browserOnline ? status : 'offline';
}

/** Run `handler` for each live event of `type` (or `*`) while the component is mounted. */
export function useLiveEvent<K extends keyof HavenEventMap & string>(
  type: K | '*',
  handler: (event: LiveEvent<K>) => void,
): void {
  const client = useContext(LiveContext);
  const [ref] = useState(() => ({ handler }));
  ref.handler = handler;
  useEffect(() => client?.subscribe<K>(type, (e) => ref.handler(e)), [client, type, ref]);
}
