import { useLiveEvent } from '../app/live-context.tsx';
import { loadJurisdictions, useJurisdictionsLoaded } from './jurisdiction-store.ts';

/** Reloads the shared jurisdictions when the server reports a change (by anyone, on any node). */
export function JurisdictionSync() {
  const loaded = useJurisdictionsLoaded();
  useLiveEvent('*', (e) => {
    if (loaded && e.type.startsWith('jurisdiction.')) loadJurisdictions();
  });
  return null;
}
