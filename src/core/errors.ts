/**
 * A failure a client can act on. `code` is stable and machine-readable (`module.reason`);
 * the HTTP layer turns it into an RFC 9457 problem with type `urn:haven:problem:<code>`.
 */
export class HavenError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HavenError';
  }
}

/** 404 that also stands for "exists but not yours", so existence never leaks across jurisdictions. */
export function notFound(what: string): HavenError {
  return new HavenError('core.not_found', 404, `${what} not found`);
}

/** 400 for input that passed the schema but breaks a rule. */
export function invalid(code: string, message: string, extra: Record<string, unknown> = {}): HavenError {
  return new HavenError(code, 400, message, extra);
}

/** 409 for a state conflict: illegal transition, lost race, duplicate. */
export function conflict(code: string, message: string, extra: Record<string, unknown> = {}): HavenError {
  return new HavenError(code, 409, message, extra);
}

/** 403 for an authenticated actor lacking a permission (never used to hide existence: see notFound). */
export function forbidden(message = 'You do not have permission for this action'): HavenError {
  return new HavenError('core.forbidden', 403, message);
}
