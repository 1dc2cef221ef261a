/**
 * The one typed map of events, shared by the server, module listeners and the web client.
 * Modules add their events by declaration merging:
 *   declare module '../../core/events/event-map.ts' { interface HavenEventMap { 'x.y': {...} } }
 */
export interface HavenEventMap {
  'jurisdiction.created': { id: string; path: string; level: string };
  'jurisdiction.updated': { id: string; path: string };
  'user.created': { id: string; username: string };
  'user.updated': { id: string; username: string };
}

export type HavenEventType = keyof HavenEventMap;

/** An event as stored in the outbox and sent to clients. */
export interface HavenEvent<K extends HavenEventType = HavenEventType> {
  id: string;
  type: K;
  payload: HavenEventMap[K];
  jurisdictionPath: string | null;
  permission: string | null;
  createdAt: string;
}

/** What the WebSocket sends: a greeting with the newest id, then events in id order. */
export type LiveMessage =
  | { kind: 'hello'; lastId: string }
  | { kind: 'event'; id: string; type: HavenEventType; payload: unknown; createdAt: string };
