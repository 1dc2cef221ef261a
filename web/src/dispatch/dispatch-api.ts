import { ApiError, api } from '../api/client.ts';
import type {
  Assignment,
  AssistView,
  CallResult,
  IncidentDetail,
  IncidentSummary,
  IncidentType,
  MyUnit,
  RecommendationView,
  Route,
  Unit,
  WallView,
} from './types.ts';

const base = '/api/dispatch';

// Which console acted is recorded on every timeline line: one id per browser tab, kept for the
// tab's life so a reload stays the same console.
function consoleId(): string {
  const key = 'haven.dispatch.console';
  try {
    const known = sessionStorage.getItem(key);
    if (known) return known;
    const id = `console-${crypto.randomUUID().slice(0, 8)}`;
    sessionStorage.setItem(key, id);
    return id;
  } catch {
    return 'console';
  }
}
let consoleHeaders: Record<string, string> | null = null;
/** Request options carrying the console header, with an optional abort signal. */
const withConsole = (signal?: AbortSignal) => {
  consoleHeaders ??= { 'x-haven-console': consoleId() };
  return { signal, headers: consoleHeaders };
};
const get = <T>(url: string, signal?: AbortSignal) => api.get<T>(url, withConsole(signal));
const post = <T>(url: string, body: unknown) => api.post<T>(url, body, withConsole());
const inc = (id: string) => `${base}/incidents/${encodeURIComponent(id)}`;

/** One answer of the address lookup. */
export interface GeocodeCandidate {
  kind: 'intersection' | 'station' | 'premise' | 'road' | 'jurisdiction';
  label: string;
  lon: number;
  lat: number;
  score: number;
}
const q = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();

/** Body of a new call (`POST /api/dispatch/calls`). */
export interface NewCall {
  idempotencyKey: string;
  callerName?: string;
  callerPhone?: string;
  /** Left out with an address only: the server places the call at one confident match. */
  lon?: number;
  lat?: number;
  address?: string;
  typeCode: string;
  priority?: number;
  priorityReason?: string;
  narrative?: string;
  hazards?: string[];
  mergeIntoIncidentId?: string;
}

/** The dispatch endpoints the screens call. */
export const dispatchApi = {
  types: (signal?: AbortSignal) => get<{ items: IncidentType[] }>(`${base}/types`, signal),
  assist: (p: { lon: number; lat: number; typeCode?: string }, signal?: AbortSignal) =>
    get<AssistView>(`${base}/assist?${q(p)}`, signal),
  geocode: (text: string, signal?: AbortSignal) =>
    get<{ candidates: GeocodeCandidate[] }>(`${base}/geocode?${q({ q: text, limit: 8 })}`, signal),
  createCall: (body: NewCall) => post<CallResult>(`${base}/calls`, body),
  incidents: (signal?: AbortSignal) =>
    get<{ items: IncidentSummary[] }>(`${base}/incidents?state=open`, signal),
  incident: (id: string, signal?: AbortSignal) => get<IncidentDetail>(inc(id), signal),
  recommendation: (id: string, signal?: AbortSignal) =>
    get<RecommendationView>(`${inc(id)}/recommendation`, signal),
  assign: (incidentId: string, unitId: string, shiftOverrideReason?: string) =>
    post<Assignment>(`${inc(incidentId)}/assignments`, {
      unitId,
      ...(shiftOverrideReason ? { shiftOverrideReason } : {}),
    }),
  release: (incidentId: string, unitId: string, reason: string) =>
    post<Assignment>(`${inc(incidentId)}/assignments/${encodeURIComponent(unitId)}/release`, { reason }),
  reassign: (incidentId: string, unitId: string, toIncidentId: string, reason: string) =>
    post<Assignment>(`${inc(incidentId)}/assignments/${encodeURIComponent(unitId)}/reassign`, {
      toIncidentId,
      reason,
    }),
  merge: (incidentId: string, intoIncidentId: string) =>
    post<IncidentSummary>(`${inc(incidentId)}/merge`, { intoIncidentId }),
  transition: (incidentId: string, body: Record<string, string>) =>
    post<IncidentSummary>(`${inc(incidentId)}/transition`, body),
  units: (signal?: AbortSignal) => get<{ items: Unit[] }>(`${base}/units`, signal),
  myUnit: (signal?: AbortSignal) => get<MyUnit>(`${base}/me/unit`, signal),
  unitRoute: (id: string, signal?: AbortSignal) =>
    get<Route>(`${base}/units/${encodeURIComponent(id)}/route`, signal),
  unitStatus: (id: string, status: string) =>
    post<Unit>(`${base}/units/${encodeURIComponent(id)}/status`, { status }),
  acknowledge: (id: string) => post<Assignment>(`${base}/units/${encodeURIComponent(id)}/acknowledge`, {}),
  checkIn: (id: string) => post<Assignment>(`${base}/units/${encodeURIComponent(id)}/check-in`, {}),
  avl: (fix: { unitId: string; lon: number; lat: number; at: string; speedKmh?: number; heading?: number }) =>
    post<{ accepted: number }>(`${base}/avl`, { fixes: [fix] }),
  wall: (signal?: AbortSignal) => get<WallView>(`${base}/wall`, signal),
};

/** Candidates listed by a 422 address problem (`dispatch.address_ambiguous`). */
export function problemCandidates(error: unknown): GeocodeCandidate[] {
  if (!(error instanceof ApiError)) return [];
  const c = (error.problem as unknown as { candidates?: unknown }).candidates;
  return Array.isArray(c) ? (c as GeocodeCandidate[]) : [];
}

/** The short code of a dispatch problem (`urn:haven:problem:dispatch.unit_busy` -> `unit_busy`). */
export function problemCode(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const m = /dispatch\.([a-z_]+)$/.exec(error.problem.type);
  return m ? m[1]! : null;
}

/** Extra member `allowed` of an illegal-transition problem. */
export function problemAllowed(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const a = (error.problem as unknown as { allowed?: unknown }).allowed;
  return Array.isArray(a) ? a.map(String) : [];
}

/** A fresh idempotency key for one call. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
