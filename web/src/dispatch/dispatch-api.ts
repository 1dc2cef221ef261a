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
const q = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();

/** Body of a new call (`POST /api/dispatch/calls`). */
export interface NewCall {
  idempotencyKey: string;
  callerName?: string;
  callerPhone?: string;
  lon: number;
  lat: number;
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
  types: (signal?: AbortSignal) => api.get<{ items: IncidentType[] }>(`${base}/types`, { signal }),
  assist: (p: { lon: number; lat: number; typeCode?: string }, signal?: AbortSignal) =>
    api.get<AssistView>(`${base}/assist?${q(p)}`, { signal }),
  createCall: (body: NewCall) => api.post<CallResult>(`${base}/calls`, body),
  incidents: (signal?: AbortSignal) =>
    api.get<{ items: IncidentSummary[] }>(`${base}/incidents?state=open`, { signal }),
  incident: (id: string, signal?: AbortSignal) =>
    api.get<IncidentDetail>(`${base}/incidents/${encodeURIComponent(id)}`, { signal }),
  recommendation: (id: string, signal?: AbortSignal) =>
    api.get<RecommendationView>(`${base}/incidents/${encodeURIComponent(id)}/recommendation`, { signal }),
  assign: (incidentId: string, unitId: string) =>
    api.post<Assignment>(`${base}/incidents/${encodeURIComponent(incidentId)}/assignments`, { unitId }),
  units: (signal?: AbortSignal) => api.get<{ items: Unit[] }>(`${base}/units`, { signal }),
  myUnit: (signal?: AbortSignal) => api.get<MyUnit>(`${base}/me/unit`, { signal }),
  unitRoute: (id: string, signal?: AbortSignal) =>
    api.get<Route>(`${base}/units/${encodeURIComponent(id)}/route`, { signal }),
  unitStatus: (id: string, status: string) =>
    api.post<Unit>(`${base}/units/${encodeURIComponent(id)}/status`, { status }),
  acknowledge: (id: string) =>
    api.post<Assignment>(`${base}/units/${encodeURIComponent(id)}/acknowledge`, {}),
  checkIn: (id: string) => api.post<Assignment>(`${base}/units/${encodeURIComponent(id)}/check-in`, {}),
  avl: (fix: { unitId: string; lon: number; lat: number; at: string; speedKmh?: number; heading?: number }) =>
    api.post<{ accepted: number }>(`${base}/avl`, { fixes: [fix] }),
  wall: (signal?: AbortSignal) => api.get<WallView>(`${base}/wall`, { signal }),
};

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
