import { type Actor, can } from '../../core/identity/actor.ts';
import type { RequestEventType } from './domain/request-state.ts';
import { GRID } from './permissions.ts';

/** Events of the service centre: routing, merging, type changes, closing and reopening. */
const CENTRE_EVENTS = new Set<RequestEventType>([
  'reroute',
  'mark_duplicate',
  'change_type',
  'add_co_handlers',
  'withdraw',
  'close',
  'reopen',
]);

/** Events shown to the reporter on the public timeline. */
export const PUBLIC_EVENTS = new Set<RequestEventType>([
  'accept',
  'start',
  'request_info',
  'reporter_replied',
  'resolve',
  'close',
  'reopen',
  'mark_duplicate',
  'withdraw',
]);

/** What the actor's department memberships say about one request. */
export interface Membership {
  /** Member of the lead department. */
  lead: boolean;
  /** Department ids of the actor. */
  departments: readonly string[];
}

/**
 * Whether the actor may apply an event: the service centre (grid.requests.manage) may do
 * everything; department staff (grid.requests.handle) may work only on their department's
 * requests, and report as co-handler only for their own department.
 */
export function mayApply(
  actor: Actor,
  event: RequestEventType,
  m: Membership,
  coHandlerDepartment?: string,
): boolean {
  if (actor.kind === 'system' || can(actor, GRID.manage)) return true;
  if (!can(actor, GRID.handle) || CENTRE_EVENTS.has(event)) return false;
  if (event === 'co_handler_done')
    return coHandlerDepartment !== undefined && m.departments.includes(coHandlerDepartment);
  return m.lead;
}
