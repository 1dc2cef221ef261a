import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { getJurisdictions } from '../api/endpoints.ts';
import type { JurisdictionCollection, JurisdictionFeature } from '../api/types.ts';
import { buildTree, type JurisdictionTree } from './tree.ts';

interface StoreState {
  data: JurisdictionCollection | null;
  error: unknown;
  loading: boolean;
}

let state: StoreState = { data: null, error: null, loading: false };
let generation = 0;
const listeners = new Set<() => void>();

function set(next: Partial<StoreState>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

/** Fetch the jurisdictions (again). */
export function loadJurisdictions(): void {
  const gen = ++generation;
  set({ loading: true, error: null });
  getJurisdictions().then(
    (data) => gen === generation && set({ data, loading: false }),
    (error: unknown) => gen === generation && set({ error, loading: false }),
  );
}

/** Put a changed feature into the cache (after a PATCH or a live event). */
export function replaceJurisdiction(feature: JurisdictionFeature): void {
  if (!state.data) return;
  const id = feature.properties.id;
  set({
    data: {
      ...state.data,
      features: state.data.features.map((f) => (f.properties.id === id ? feature : f)),
    },
  });
}

/** Forget cached data (on sign-out). */
export function resetJurisdictions(): void {
  generation++;
  state = { data: null, error: null, loading: false };
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Whether any screen has loaded the jurisdictions this session (without triggering a load). */
export function useJurisdictionsLoaded(): boolean {
  return useSyncExternalStore(subscribe, () => state.data !== null);
}

/** Jurisdictions shared by all screens, loaded once per session. */
export function useJurisdictions(): StoreState & { tree: JurisdictionTree | null; reload: () => void } {
  const s = useSyncExternalStore(subscribe, () => state);
  useEffect(() => {
    if (!state.data && !state.loading && !state.error) loadJurisdictions();
  }, []);
  const tree = useMemo(() => (s.data ? buildTree(s.data) : null), [s.data]);
  return { ...s, tree, reload: loadJurisdictions };
}
