import { getJurisdiction } from '../api/endpoints.ts';
import { useLiveEvent } from '../app/live-context.tsx';
import { loadJurisdictions, replaceJurisdiction, useJurisdictionsLoaded } from './jurisdiction-store.ts';

/** Keeps the shared jurisdictions current when the server reports a change (by anyone, on any node). */
export function JurisdictionSync() {
  const loaded = useJurisdictionsLoaded();
  useLiveEvent('jurisdiction.updated', (e) => {
    if (!loaded) return;
    getJurisdiction(e.payload.id).then(replaceJurisdiction, () => loadJurisdictions());
  });
  useLiveEvent('jurisdiction.created', () => {
    if (loaded) loadJurisdictions();
  });
  return null;
}
