// Events of the routing module, added to the one typed event map by declaration merging.
declare module '../../core/events/event-map.ts' {
  interface HavenEventMap {
    'routing.graph.changed': { version: number; nodes: number; edges: number; source: 'synthetic' | 'osm' };
  }
}

/** Permission to read the road-graph status and ask for routes. */
export const ROUTING_READ = 'routing.read';
