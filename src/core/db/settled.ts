import { sql } from 'kysely';
import type { Database } from './database.ts';

// Outbox and audit ids are taken in each writer's last statement and committed in any order,
// so a reader can see id 12 before id 11 commits. Writers hold the record lock in SHARE mode
// from taking their ids to their commit (migrations/0002_core_commit_order.sql); a reader that
// sees a gap takes it exclusively for an instant, after which every id below those it had seen
// is committed or never will be: "settled".

/** How many of `ids` (ascending) follow `after` without a gap. */
export function gaplessPrefix(after: bigint, ids: readonly bigint[]): number {
  let n = 0;
  while (n < ids.length && ids[n] === after + BigInt(n + 1)) n++;
  return n;
}

/**
 * Where a reader last found a gap and since when. A gap usually closes by itself within a
 * millisecond (its writer is committing), so the barrier, which makes new writers wait, is
 * only used for a gap older than `patienceMs` (a rolled-back or stalled writer).
 */
export class GapWatch {
  #after: bigint | null = null;
  #since = 0;

  constructor(readonly patienceMs: number) {}

  /** True when a gap right after `after` has been open for the patience period. */
  overdue(after: bigint, now = Date.now()): boolean {
    if (this.#after !== after) {
      this.#after = after;
      this.#since = now;
    }
    return now - this.#since >= this.patienceMs;
  }

  clear(): void {
    this.#after = null;
  }
}

// Writers hold the lock for one statement and a commit; waiting longer means something is
// stuck, and the reader had better retry than queue writers behind it.
const BARRIER_TIMEOUT = '2s';

/**
 * Waits until every writer that took outbox or audit ids before this call has committed or
 * rolled back. Call it AFTER reading the ids to settle. False when it timed out (retry later).
 */
export async function recordBarrier(database: Database): Promise<boolean> {
  try {
    await database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('lock_timeout', ${BARRIER_TIMEOUT}, true)`.execute(trx);
      await sql`SELECT haven_record_barrier()`.execute(trx);
    });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') return false; // lock_not_available
    throw err;
  }
}

/**
 * Tells every node's relay, after a commit, that the outbox has new rows. NOTIFY inside the
 * writing transaction would serialise all writers' commits, so it is sent afterwards, at most
 * one at a time per database handle (a burst of commits costs one or two notifications).
 */
export function announceCommit(database: Database): void {
  const state = announcing.get(database) ?? { busy: false, again: false };
  announcing.set(database, state);
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = true;
  const send = (): void => {
    state.again = false;
    sql`SELECT pg_notify('haven_events', '')`
      .execute(database.db)
      .catch(() => undefined) // closing or unreachable: every relay also polls
      .finally(() => {
        if (state.again) setTimeout(send, ANNOUNCE_PAUSE_MS);
        else state.busy = false;
      });
  };
  send();
}

// Under load, commits that land while one notification is on its way share the next one, sent
// a moment later: fewer notifications, and fewer relay reads on every node.
const ANNOUNCE_PAUSE_MS = 3;

const announcing = new WeakMap<Database, { busy: boolean; again: boolean }>();
