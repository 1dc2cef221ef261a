import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { GapWatch, gaplessPrefix, recordBarrier } from '../db/settled.ts';
import type { HavenEvent, HavenEventType } from './event-map.ts';

interface EventRow {
  id: string;
  type: string;
  payload: unknown;
  jurisdiction_path: string | null;
  permission: string | null;
  created_at: Date;
}

function toEvent(r: EventRow): HavenEvent {
  return {
    id: r.id,
    type: r.type as HavenEventType,
    payload: r.payload as HavenEvent['payload'],
    jurisdictionPath: r.jurisdiction_path,
    permission: r.permission,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * Reads outbox rows after an id (and up to `through`, when given), in id order. Only ids up to
 * a relay's `lastId` are settled: below it, nothing can still appear (see db/settled.ts).
 */
export async function readEventsAfter(
  // biome-ignore lint/suspicious/noExplicitAny: works on the pool or inside a transaction
  db: Kysely<any>,
  afterId: string,
  limit = 500,
  through: string | null = null,
): Promise<HavenEvent[]> {
  const res = await sql<EventRow>`
    SELECT id, type, payload, jurisdiction_path::text AS jurisdiction_path, permission, created_at
    FROM events WHERE id > ${afterId} AND (${through}::bigint IS NULL OR id <= ${through}::bigint)
    ORDER BY id LIMIT ${limit}`.execute(db);
  return res.rows.map(toEvent);
}

/** The newest outbox id ('0' when empty). */
async function latestEventId(database: Database): Promise<string> {
  const res = await sql<{ id: string | null }>`SELECT max(id)::text AS id FROM events`.execute(database.db);
  return res.rows[0]?.id ?? '0';
}

export type EventListener = (event: HavenEvent) => void;

/**
 * One per node: wakes on NOTIFY (and on a periodic poll, in case a notification was lost
 * with a dropped connection), reads new outbox rows in id order and hands them to listeners.
 * Ids commit out of order, so when a read shows a gap the relay waits at the record barrier and
 * reads again: an event is never skipped, and listeners get ids in ascending order.
 */
export class EventRelay {
  private cursor = '0';
  private listeners = new Set<EventListener>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly gap = new GapWatch(50);

  constructor(
    private readonly database: Database,
    private readonly pollMs = 1000,
  ) {}

  /** Starts from the current end of the outbox. */
  async start(): Promise<void> {
    // Start after the newest event, once nothing below it can still commit.
    const newest = await latestEventId(this.database);
    while (!(await recordBarrier(this.database)));
    this.cursor = newest;
    this.unlisten = await this.database.listen('haven_events', () => this.wake());
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.();
    await this.running;
  }

  /** The id of the last event handed to listeners: every event up to it is settled. */
  get lastId(): string {
    return this.cursor;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Schedules a read; reads never overlap, and a wake during a read triggers one more. */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.wake();
      }
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      let batch: HavenEvent[];
      try {
        batch = await this.readSettled();
      } catch {
        return; // database busy or closing: the next poll retries
      }
      for (const event of batch) {
        this.cursor = event.id;
        for (const l of this.listeners) {
          try {
            l(event);
          } catch {
            // one faulty listener must not stop delivery to the others
          }
        }
      }
      if (batch.length < BATCH) return;
    }
  }

  /** The next events after the cursor, up to the first gap that may still fill. */
  private async readSettled(): Promise<HavenEvent[]> {
    const seen = await readEventsAfter(this.database.db, this.cursor, BATCH);
    const settled = gaplessPrefix(
      BigInt(this.cursor),
      seen.map((e) => BigInt(e.id)),
    );
    if (settled === seen.length) {
      this.gap.clear();
      return seen;
    }
    // A gap: its writer is most likely committing and will announce it; look again soon regardless.
    setTimeout(() => void this.wake(), this.gap.patienceMs).unref();
    if (settled > 0) {
      this.gap.clear();
      return seen.slice(0, settled);
    }
    if (!this.gap.overdue(BigInt(this.cursor))) return [];
    if (!(await recordBarrier(this.database))) return [];
    this.gap.clear();
    return readEventsAfter(this.database.db, this.cursor, Number.MAX_SAFE_INTEGER, seen.at(-1)!.id);
  }
}

const BATCH = 500;
