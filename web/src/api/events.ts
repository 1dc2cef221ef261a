/**
 * Event type -> payload map of the live stream: the server's own declaration, so server and
 * client cannot drift. Type-only import; nothing from the server ends up in the bundle.
 */
export type { HavenEventMap } from '../../../src/core/events/event-map.ts';
