// Calls to /api/patrol and the shapes they return.
import { api, request } from '../api/client.ts';

/** Quality report figures the screens show. */
export interface Quality {
  beats: {
    id: string;
    parentId: string;
    workload: number;
    polsbyPopper: number;
    travelMean: number | null;
    travelP90: number | null;
  }[];
  workload: { total: number; mean: number; cv: number; maxOverMean: number };
  polsbyPopper: { median: number; p10: number };
  contiguity: { all: boolean };
  nesting: { all: boolean };
  travel: { mean: number; p90: number; unit: string } | null;
  /** Historical incidents replayed through a one-unit-per-beat dispatch simulation (seconds). */
  replay?: {
    count: number;
    mean: number;
    p50: number;
    p90: number;
    p95: number;
    ownBeatShare: number;
    queuedShare: number;
    histogram: { binSeconds: number; counts: number[] };
  } | null;
  /** Exact model (HiGHS) on small designs: bound and gaps. */
  exact?: {
    atoms: number;
    status: 'optimal' | 'time-limit' | 'other';
    bound: number;
    mipGap: number;
    designObjective: number;
    designGap: number;
    seconds: number;
  } | null;
}

/** A beat design. */
export interface Design {
  id: string;
  name: string;
  jurisdictionId: string;
  status: 'draft' | 'published';
  runState: 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
  parameters: Record<string, unknown>;
  beats: { id: string; parentId: string; fixed: boolean }[] | null;
  quality: Quality | null;
  version: number;
  effectiveFrom: string | null;
  createdAt: string;
}

type Geometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
/** Atom of a design with its beat index. */
export type AtomFeature = {
  id: string;
  geometry: Geometry;
  properties: { id: string; beat: number; parentId: string; workload: number };
};
/** A beat feature. */
export type BeatFeature = {
  id: string;
  geometry: Geometry;
  properties: { id: string; parentId: string; workload: number; index: number };
};

/** A plan window. */
export interface PlanWindow {
  id: string;
  label: string;
  days: number[];
  start: string;
  end: string;
}
/** A key place. */
export interface PlanPoint {
  id: string;
  name: string;
  lon: number;
  lat: number;
  radiusM: number;
  minutes: number;
  windowIds: string[];
}
/** A patrol plan. */
export interface Plan {
  id: string;
  name: string;
  windows: PlanWindow[];
  points: PlanPoint[];
  version: number;
}
/** A scheduled route. */
export interface Route {
  id: string;
  name: string;
  unitCode: string;
  unitId: string | null;
  checkIns: { id: string }[];
}
/** A compliance record. */
export interface ComplianceRow {
  id: string;
  routeName: string;
  unitCode: string;
  met: number;
  missed: number;
  deviations: number;
  computedAt: string;
}

/** A coverage proposal of a plan. */
export interface Proposal {
  visits: { windowId: string; unitCode: string; pointId: string; start: string; end: string }[];
  uncovered: { windowId: string; pointId: string; minutes: number }[];
  coverage: number;
  readiness: number;
}

/** The patrol API. */
export const patrolApi = {
  designs: (signal?: AbortSignal) => api.get<Design[]>('/api/patrol/designs', { signal }),
  design: (id: string) => api.get<Design>(`/api/patrol/designs/${id}`),
  start: (body: Record<string, unknown>) => api.post<Design>('/api/patrol/designs', body),
  compare: (ids: string[]) =>
    api.get<{ designs: Design[] }>(`/api/patrol/designs/compare?ids=${ids.join(',')}`),
  atoms: (id: string) => api.get<{ features: AtomFeature[] }>(`/api/patrol/designs/${id}/atoms`),
  geojson: (id: string) =>
    api.get<{ type: 'FeatureCollection'; features: BeatFeature[] }>(`/api/patrol/designs/${id}/geojson`),
  move: (id: string, atoms: string[], toBeat: string, version: number) =>
    api.post<Design>(`/api/patrol/designs/${id}/moves`, { atoms, toBeat, version }),
  publish: (id: string, effectiveFrom: string) =>
    api.post<Design>(`/api/patrol/designs/${id}/publish`, { effectiveFrom }),
  importBeats: (body: Record<string, unknown>) => api.post<Design>('/api/patrol/designs/import', body),
  plans: (signal?: AbortSignal) => api.get<Plan[]>('/api/patrol/plans', { signal }),
  savePlan: (plan: Omit<Plan, 'id' | 'version'>, id?: string) =>
    id
      ? request<Plan>('PUT', `/api/patrol/plans/${id}`, { body: plan })
      : api.post<Plan>('/api/patrol/plans', plan),
  propose: (id: string, units: string[], maxShare: number) =>
    api.post<Proposal>(`/api/patrol/plans/${id}/proposal`, { units, maxShare }),
  routes: (signal?: AbortSignal) => api.get<Route[]>('/api/patrol/routes', { signal }),
  checkRecorded: (routeId: string) =>
    api.post<{ met: number; missed: number }>(`/api/patrol/routes/${routeId}/compliance`),
  compliance: (signal?: AbortSignal) => api.get<ComplianceRow[]>('/api/patrol/compliance', { signal }),
};
