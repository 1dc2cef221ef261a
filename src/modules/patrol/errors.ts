// Patrol domain errors as HTTP problems (4xx with a stable code).
import { HavenError } from '../../core/errors.ts';
import { isPatrolError } from './domain/errors.ts';

/** Runs `work`, turning a PatrolError into a 400 HavenError `patrol.<code>`. */
export async function asProblem<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isPatrolError(e)) {
      const status = e.code === 'SOLVER_FAILED' ? 500 : 400;
      throw new HavenError(`patrol.${e.code.toLowerCase()}`, status, e.message, { ...e.details });
    }
    throw e;
  }
}
