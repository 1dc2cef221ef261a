/** Stable machine-readable codes of the patrol domain's errors. */
export type PatrolErrorCode =
  | 'INVALID_GEOJSON'
  | 'INVALID_INPUT'
  | 'TOO_MANY_BEATS'
  | 'TOO_FEW_BEATS'
  | 'EMPTY_WORKLOAD'
  | 'NONCONTIGUOUS_FIXED_BEAT'
  | 'FIXED_BEAT_CONFLICT'
  | 'UNKNOWN_ATOM'
  | 'SOLVER_FAILED';

/** Error raised by the patrol domain for bad input or unsolvable requests; `code` is stable. */
export class PatrolError extends Error {
  readonly code: PatrolErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: PatrolErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'PatrolError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is a PatrolError, optionally with the given code. */
export function isPatrolError(e: unknown, code?: PatrolErrorCode): e is PatrolError {
  return e instanceof PatrolError && (code === undefined || e.code === code);
}
