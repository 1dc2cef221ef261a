import { HavenError } from '../../../core/errors.ts';

/** Stable machine-readable codes of every failure the dispatch domain reports. */
export const DISPATCH_ERROR_CODES = {
  'dispatch.illegal_transition': 409,
  'dispatch.unit_busy': 409,
  'dispatch.unit_unavailable': 409,
  'dispatch.unit_off_shift': 409,
  'dispatch.unit_not_assigned': 409,
  'dispatch.already_assigned': 409,
  'dispatch.incident_inactive': 409,
  'dispatch.incident_exists': 409,
  'dispatch.merge_invalid': 409,
  'dispatch.incident_not_found': 404,
  'dispatch.unit_not_found': 404,
  'dispatch.unknown_incident_type': 400,
  'dispatch.reason_required': 400,
  'dispatch.disposition_invalid': 400,
  'dispatch.invalid_priority': 400,
  'dispatch.invalid_alarm_level': 400,
  'dispatch.invalid_catalogue': 400,
  'dispatch.invalid_thresholds': 400,
} as const satisfies Record<string, number>;

/** One of the dispatch domain's error codes. */
export type DispatchErrorCode = keyof typeof DISPATCH_ERROR_CODES;

/** A refused dispatch command or invalid admin edit; `details` says what and why (allowed states, ids...). */
export class DispatchError extends HavenError {
  constructor(
    override readonly code: DispatchErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code, DISPATCH_ERROR_CODES[code], message, details);
    this.name = 'DispatchError';
  }
}

/** True when `e` is a DispatchError, optionally with the given code. */
export function isDispatchError(e: unknown, code?: DispatchErrorCode): e is DispatchError {
  return e instanceof DispatchError && (code === undefined || e.code === code);
}
