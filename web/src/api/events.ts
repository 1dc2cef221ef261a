/**
 * Event type -> payload map for the live stream. The server's typed map
 * (`src/core/events/event-map.ts`, `HavenEventMap`) replaces this loose one once it exists.
 */
export type HavenEventMap = Record<string, Record<string, unknown>>;
