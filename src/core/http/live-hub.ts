import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Database } from '../db/database.ts';
import type { HavenEvent, LiveMessage } from '../events/event-map.ts';
import { type EventRelay, readEventsAfter } from '../events/relay.ts';
import { type Actor, can, inScope } from '../identity/actor.ts';

/** Whether an actor may receive an event: its permission and its jurisdiction. */
export function mayReceive(actor: Actor, event: HavenEvent): boolean {
  if (event.permission !== null && !can(actor, event.permission)) return false;
  return event.jurisdictionPath === null || inScope(actor, event.jurisdictionPath);
}

// A client this far behind is cut off; it reconnects and resumes from its last id.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

// One event goes to hundreds of consoles: serialise it once, not once per client.
const wireCache = new WeakMap<HavenEvent, string>();
function wireOf(event: HavenEvent): string {
  let text = wireCache.get(event);
  if (text === undefined) {
    const msg: LiveMessage = {
      kind: 'event',
      id: event.id,
      type: event.type,
      payload: event.payload,
      createdAt: event.createdAt,
    };
    text = JSON.stringify(msg);
    wireCache.set(event, text);
  }
  return text;
}

/**
 * WebSocket endpoint `/api/events?after=<id>`: replays what the client missed from the outbox,
 * then streams live events; ids only increase, so the client never sees a gap or a duplicate.
 */
export function registerLiveHub(app: FastifyInstance, database: Database, relay: EventRelay): void {
  app.get(
    '/api/events',
    { websocket: true, config: { access: { permission: 'events.subscribe' } }, schema: { hide: true } },
    (socket: WebSocket, request) => {
      const actor = request.actor;
      const after = (request.query as { after?: string }).after;
      let sentId = BigInt(/^\d{1,19}$/.test(after ?? '') ? after! : relay.lastId);
      let catchingUp = true;
      const pending: HavenEvent[] = [];
      const send = (text: string) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(1013, 'too far behind; resume with after=');
          return;
        }
        socket.send(text);
      };
      const deliver = (event: HavenEvent) => {
        if (BigInt(event.id) <= sentId) return;
        sentId = BigInt(event.id);
        if (!mayReceive(actor, event)) return;
        send(wireOf(event));
      };
      // Subscribe before reading the backlog, so nothing committed meanwhile slips between the two.
      const unsubscribe = relay.subscribe((event) => {
        if (catchingUp) pending.push(event);
        else deliver(event);
      });
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
      socket.on('message', (data) => {
        if (String(data) === 'ping') socket.send('pong');
      });
      void (async () => {
        try {
          const hello: LiveMessage = { kind: 'hello', lastId: relay.lastId };
          send(JSON.stringify(hello));
          // The backlog up to what the relay has settled; anything later reaches `pending`. A
          // client that is not behind (no `after`, or a current one) needs no read: hundreds of
          // consoles reconnecting at once then cost the database nothing.
          while (sentId < BigInt(relay.lastId)) {
            const batch = await readEventsAfter(database.db, sentId.toString(), 500, relay.lastId);
            for (const e of batch) deliver(e);
            if (batch.length < 500) break;
          }
          for (const e of pending) deliver(e);
          pending.length = 0;
          catchingUp = false;
        } catch (err) {
          request.log.warn({ err }, 'live catch-up failed');
          socket.close(1011, 'catch-up failed; retry');
        }
      })();
    },
  );
}
