import { createContext, useContext } from 'react';
import type { HavenConfig, Me } from '../api/types.ts';

/** What every screen may know about the signed-in session. */
export interface Session {
  me: Me;
  config: HavenConfig;
  signOut: () => Promise<void>;
}

/** Provided by the shell once signed in. */
export const SessionContext = createContext<Session | null>(null);

/** The current session; only valid inside the signed-in shell. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in shell');
  return s;
}
