import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { type Tx, transact } from '../db/transaction.ts';
import { systemActor } from '../identity/actor.ts';
import type { HavenEvent, HavenEventType } from './event-map.ts';
import { type EventRelay, readEventsAfter } from './relay.ts';

const BATCH_PAUSE_MS = 50;

/**
 * A module's durable reaction to events: each event of the given types is handled exactly once
 * across all nodes, inside the handler's own transaction together with the consumer's cursor.
 */
export function startConsumer(
  database: Database,
  relay: EventRelay,
  name: string,
  types: readonly HavenEventType[],
  handle: (tx: Tx, event: HavenEvent) => Promise<void>,
  onError: (err: unknown) => void = () => undefined,
): () => void {
  const handleEach = async (tx: Tx, events: readonly HavenEvent[]) => {
    for (const event of events) await handle(tx, event);
  };
  return startBatchConsumer(database, relay, name, types, handleEach, onError);
}

/**
 * As `startConsumer`, for a handler that takes the events read together (in id order, only
 * those of its types, never empty) at once: a busy stream then costs one write per batch.
 */
export function startBatchConsumer(
  database: Database,
  relay: EventRelay,
  name: string,
  types: readonly HavenEventType[],
  handleBatch: (tx: Tx, events: readonly HavenEvent[]) => Promise<void>,
  onError: (err: unknown) => void = () => undefined,
): () => void {
  let busy = false;
  let again = false;
  let registered = false;
  const actor = systemActor(`consumer:${name}`);
  const run = async (): Promise<void> => {
    if (busy) {
      again = true; // an event came in while this node was reading: read once more afterwards
      return;
    }
    busy = true;
    again = false;
    try {
      for (let more = true; more; ) {
        more = await transact(database, actor, async (tx) => {
          if (!registered) {
            await sql`INSERT INTO event_consumers (name, last_id) VALUES (${name}, 0) ON CONFLICT DO NOTHING`.execute(
              tx.db,
            );
          }
          // SKIP LOCKED: while another node holds the cursor, this one leaves the work to it.
          const cur = await sql<{ last_id: string }>`
            SELECT last_id::text AS last_id FROM event_consumers WHERE name = ${name} FOR UPDATE SKIP LOCKED`.execute(
            tx.db,
          );
          const row = cur.rows[0];
          if (!row) return false;
          // Only up to the relay's cursor: beyond it an earlier id may still commit.
          const batch = await readEventsAfter(tx.db, row.last_id, 200, relay.lastId);
          const mine = batch.filter((e) => types.includes(e.type));
          if (mine.length > 0) await handleBatch(tx, mine);
          const last = batch.at(-1)?.id ?? row.last_id;
          if (last !== row.last_id) {
            await sql`UPDATE event_consumers SET last_id = ${last} WHERE name = ${name}`.execute(tx.db);
          }
          return batch.length === 200;
        });
        registered = true;
      }
    } catch (err) {
      onError(err);
    } finally {
      busy = false;
    }
    // Events that came in meanwhile are read after a short pause, so a busy stream is taken in
    // batches rather than one transaction per event.
    if (again) setTimeout(() => void run(), BATCH_PAUSE_MS).unref();
  };
  const unsubscribe = relay.subscribe((e) => {
    if (types.includes(e.type)) void run();
  });
  void run();
  return unsubscribe;
}
