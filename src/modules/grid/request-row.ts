import type { PauseInterval } from './domain/deadline.ts';
import type { CoHandler, RequestState, ServiceRequestRecord } from './domain/request-state.ts';

/** A `grid_requests` row as the services read it (personal fields excluded unless asked for). */
export interface RequestRow {
  id: string;
  public_id: string;
  service_code: string;
  jurisdiction_path: string;
  h3_cell: string | null;
  lat: number | null;
  lon: number | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  description: string | null;
  public_description: string | null;
  attributes: Record<string, string | string[]>;
  state: RequestState;
  department_id: string | null;
  co_handlers: CoHandler[];
  duplicate_of: string | null;
  assignee_id: string | null;
  pauses: { from: string; to: string | null }[];
  sla_start: Date;
  deadline: Date | null;
  next_action_at: Date | null;
  reminded: number[];
  escalation_level: number;
  escalated_to: string | null;
  submitted_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  closed_on_time: boolean | null;
  status_notes: string | null;
  reopen_count: number;
  source: string;
  external_id: string | null;
  media_url: string | null;
  private: boolean;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  has_contact: boolean;
  personal_purged_at: Date | null;
}

/** Columns of RequestRow (never the personal fields themselves). */
export const REQUEST_COLUMNS = `r.id, r.public_id, r.service_code, r.jurisdiction_path::text AS jurisdiction_path,
  r.h3_cell, r.lat, r.lon, r.address, r.address_id, r.zipcode, r.description, r.public_description,
  r.attributes, r.state, r.department_id, r.co_handlers, r.duplicate_of, r.assignee_id, r.pauses,
  r.sla_start, r.deadline, r.next_action_at, r.reminded, r.escalation_level,
  r.escalated_to::text AS escalated_to, r.submitted_at, r.updated_at, r.resolved_at, r.closed_at,
  r.closed_on_time, r.status_notes, r.reopen_count, r.source, r.external_id, r.media_url, r.private,
  r.rating, r.rating_comment, r.rated_at, r.personal_purged_at,
  (coalesce(r.reporter_first_name, r.reporter_last_name, r.reporter_email, r.reporter_phone,
    r.reporter_device_id, r.reporter_account_id) IS NOT NULL) AS has_contact`;

/** States in which a request is still being worked on. */
export const OPEN_STATES: readonly RequestState[] = [
  'submitted',
  'accepted',
  'in_progress',
  'waiting_reporter',
  'returned',
];

/** SQL list of the open states, for `state IN (...)`. */
export const OPEN_STATES_SQL = `('submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned')`;

const pausesOf = (p: RequestRow['pauses']): PauseInterval[] =>
  p.map((x) => ({ from: new Date(x.from), to: x.to === null ? null : new Date(x.to) }));

/** The state-machine record of a row (history is kept in the timeline table, not here). */
export function toRecord(r: RequestRow): ServiceRequestRecord {
  return {
    id: r.id,
    serviceCode: r.service_code,
    jurisdictionPath: r.jurisdiction_path,
    state: r.state,
    departmentId: r.department_id,
    coHandlers: r.co_handlers ?? [],
    duplicateOf: r.duplicate_of,
    pauses: pausesOf(r.pauses ?? []),
    slaStart: r.sla_start,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    statusNotes: r.status_notes,
    reopenCount: r.reopen_count,
    history: [],
  };
}

/** Pauses as stored (ISO strings). */
export function pausesJson(p: readonly PauseInterval[]): string {
  return JSON.stringify(p.map((x) => ({ from: x.from.toISOString(), to: x.to?.toISOString() ?? null })));
}
