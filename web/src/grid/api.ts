import { api } from '../api/client.ts';

const enc = encodeURIComponent;

/** One attribute of a request type's Open311 definition. */
export interface GridAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  order: number;
  description: string;
  description_zh?: string | null;
  values?: { key: string; name: string; name_zh?: string | null }[];
}

/** A request type as the public form lists it. */
export interface GridService {
  code: string;
  nameZh: string;
  nameEn: string;
  group: string;
  groupName: string;
  attributes: GridAttribute[];
}

/** A photo as sent: declared type and base64 data. */
export interface PhotoPayload {
  contentType: string;
  data: string;
}

/** A new request from a form. */
export interface RequestPayload {
  serviceCode: string;
  lat?: number;
  lon?: number;
  description?: string;
  attributes?: Record<string, string | string[]>;
  contact?: { name?: string; email?: string; phone?: string };
  private?: boolean;
  photos?: PhotoPayload[];
}

/** A GeoJSON feature collection of areas. */
export interface AreaCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: unknown;
    properties: Record<string, unknown>;
  }[];
}

/** One timeline entry. */
export interface TimelineItem {
  id: string;
  at: string;
  kind: string;
  from: string | null;
  to: string | null;
  actorKind: string;
  actorName: string;
  note: string | null;
  details: Record<string, unknown>;
}

/** The reporter's view of a request. */
export interface FollowView {
  publicId: string;
  serviceCode: string;
  typeNameZh: string;
  typeNameEn: string;
  state: string;
  status: 'open' | 'closed';
  statusNotes: string | null;
  description: string | null;
  address: string | null;
  lat: number | null;
  lon: number | null;
  submittedAt: string;
  updatedAt: string;
  deadline: string | null;
  rating: number | null;
  canRate: boolean;
  canReopen: boolean;
  reopenUntil: string | null;
  waitingForReporter: boolean;
  photos: { id: string; kind: string; contentType: string }[];
  timeline: TimelineItem[];
}

/** A queue row. */
export interface QueueItem {
  id: string;
  publicId: string;
  serviceCode: string;
  typeNameZh: string;
  typeNameEn: string;
  state: string;
  departmentId: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  jurisdictionPath: string;
  placeNameZh: string | null;
  placeNameEn: string | null;
  lat: number | null;
  lon: number | null;
  description: string | null;
  submittedAt: string;
  deadline: string | null;
  overdue: boolean;
  escalationLevel: number;
  assigneeId: string | null;
  private: boolean;
}

/** A request as staff see it. */
export interface StaffRequest {
  id: string;
  publicId: string;
  serviceCode: string;
  typeNameZh: string;
  typeNameEn: string;
  state: string;
  status: 'open' | 'closed';
  allowedActions: string[];
  jurisdictionPath: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  description: string | null;
  publicDescription: string | null;
  attributes: Record<string, string | string[]>;
  departmentId: string | null;
  coHandlers: { departmentId: string; done: boolean; note: string | null }[];
  duplicateOf: string | null;
  assigneeId: string | null;
  submittedAt: string;
  deadline: string | null;
  escalationLevel: number;
  statusNotes: string | null;
  private: boolean;
  rating: number | null;
  ratingComment: string | null;
  hasReporterContact: boolean;
  personalPurged: boolean;
  photos: { id: string; kind: string; redacted: boolean }[];
  timeline: TimelineItem[];
}

/** A department. */
export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A request type (staff list). */
export interface RequestTypeInfo {
  code: string;
  nameZh: string;
  nameEn: string;
  group: string;
  active: boolean;
}

/** One dashboard row. */
export interface DashboardRow {
  key: string | null;
  nameZh: string | null;
  nameEn: string | null;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  closedOnTimeRate: number | null;
  satisfaction: number | null;
  ratings: number;
}

/** A grid cell with figures and boundary. */
export interface GridCell {
  id: string;
  code: string;
  path: string;
  nameZh: string;
  nameEn: string;
  households: number | null;
  population: number | null;
  openRequests: number;
  geometry: unknown;
}

/** Public endpoints (no sign-in). */
export const publicApi = {
  services: (signal?: AbortSignal) => api.get<GridService[]>('/api/public/grid/services', { signal }),
  area: (signal?: AbortSignal) => api.get<AreaCollection>('/api/public/grid/area', { signal }),
  report: (body: RequestPayload) =>
    api.post<{ publicId: string; token: string; state: string; deadline: string | null }>(
      '/api/public/grid/requests',
      body,
    ),
  follow: (token: string, signal?: AbortSignal) =>
    api.get<FollowView>(`/api/public/grid/follow/${enc(token)}`, { signal }),
  rate: (token: string, stars: number, comment: string) =>
    api.post<void>(`/api/public/grid/follow/${enc(token)}/rating`, {
      stars,
      ...(comment ? { comment } : {}),
    }),
  reopen: (token: string, reason: string) =>
    api.post<void>(`/api/public/grid/follow/${enc(token)}/reopen`, { reason }),
  reply: (token: string, note: string) =>
    api.post<void>(`/api/public/grid/follow/${enc(token)}/reply`, { note }),
};

/** Query of the staff queue. */
export type QueueQuery = Record<string, string | number | boolean | undefined>;

function qs(q: QueueQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && v !== false) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Staff endpoints. */
export const gridApi = {
  queue: (q: QueueQuery, signal?: AbortSignal) =>
    api.get<{ items: QueueItem[]; hasMore: boolean; page: number }>(`/api/grid/requests${qs(q)}`, { signal }),
  get: (id: string, signal?: AbortSignal) =>
    api.get<StaffRequest>(`/api/grid/requests/${enc(id)}`, { signal }),
  act: (id: string, body: Record<string, unknown>) =>
    api.post<{ state: string }>(`/api/grid/requests/${enc(id)}/actions`, body),
  assign: (id: string, userId: string | null) =>
    api.post<void>(`/api/grid/requests/${enc(id)}/assign`, { userId }),
  note: (id: string, note: string) => api.post<void>(`/api/grid/requests/${enc(id)}/notes`, { note }),
  redact: (id: string, body: Record<string, unknown>) =>
    api.post<void>(`/api/grid/requests/${enc(id)}/redact`, body),
  reporter: (id: string, purpose: string) =>
    api.get<Record<string, string | null | boolean>>(
      `/api/grid/requests/${enc(id)}/reporter?purpose=${enc(purpose)}`,
    ),
  nearby: (id: string, signal?: AbortSignal) =>
    api.get<{ id: string; publicId: string; state: string; distanceM: number }[]>(
      `/api/grid/requests/${enc(id)}/nearby`,
      { signal },
    ),
  bulk: (body: Record<string, unknown>) =>
    api.post<{ results: { id: string; ok: boolean; error?: string }[] }>('/api/grid/requests/bulk', body),
  departments: (signal?: AbortSignal) => api.get<Department[]>('/api/grid/departments', { signal }),
  types: (signal?: AbortSignal) => api.get<RequestTypeInfo[]>('/api/grid/types', { signal }),
  templates: (signal?: AbortSignal) =>
    api.get<{ id: string; title: string; body: string }[]>('/api/grid/templates', { signal }),
  assignees: (signal?: AbortSignal) =>
    api.get<{ id: string; displayName: string }[]>('/api/grid/assignees', { signal }),
  dashboard: (by: string, days: number, signal?: AbortSignal) =>
    api.get<{ rows: DashboardRow[]; totals: DashboardRow }>(
      `/api/grid/dashboard?by=${enc(by)}&from=${enc(new Date(Date.now() - days * 86_400_000).toISOString())}`,
      { signal },
    ),
  cells: (signal?: AbortSignal) => api.get<GridCell[]>('/api/grid/cells?geometry=true', { signal }),
  myCells: (signal?: AbortSignal) => api.get<GridCell[]>('/api/grid/worker/cells', { signal }),
  myTasks: (signal?: AbortSignal) => api.get<QueueItem[]>('/api/grid/worker/tasks', { signal }),
  workerReport: (body: RequestPayload) => api.post<{ publicId: string }>('/api/grid/worker/reports', body),
  checkIn: (lat: number, lon: number) => api.post<{ at: string }>('/api/grid/worker/checkins', { lat, lon }),
  checkIns: (signal?: AbortSignal) =>
    api.get<{ id: string; at: string; lat: number; lon: number }[]>('/api/grid/worker/checkins', { signal }),
  photoUrl: (id: string) => `/api/grid/photos/${enc(id)}`,
};

/** URL of a public photo. */
export const publicPhotoUrl = (id: string) => `/api/public/grid/photos/${enc(id)}`;
