import { DispatchError, type DispatchErrorCode } from './errors.ts';

/** One problem found in an admin edit: where (`path`, e.g. `plan[1].capability`), a code and a message. */
export interface ValidationIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** Throws a DispatchError carrying every issue when the list is not empty. */
export function assertNoIssues(
  issues: readonly ValidationIssue[],
  code: DispatchErrorCode,
  what: string,
): void {
  if (issues.length === 0) return;
  throw new DispatchError(code, `${what}: ${issues.length} problem(s), first: ${issues[0]!.message}`, {
    issues,
  });
}

/** True for a non-empty string after trimming. */
export function hasText(s: string | null | undefined): s is string {
  return typeof s === 'string' && s.trim().length > 0;
}
