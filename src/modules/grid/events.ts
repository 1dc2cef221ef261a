import type { RequestState } from './domain/request-state.ts';

/** Payload common to the grid request events. */
export interface GridRequestEvent {
  id: string;
  publicId: string;
  serviceCode: string;
  state: RequestState;
  departmentId: string | null;
  jurisdictionPath: string;
}

declare module '../../core/events/event-map.ts' {
  interface HavenEventMap {
    'grid.request.created': GridRequestEvent;
    'grid.request.updated': GridRequestEvent & { event: string };
    'grid.request.reminder': GridRequestEvent & { fraction: number; deadline: string };
    'grid.request.escalated': GridRequestEvent & { level: number; escalatedTo: string; deadline: string };
  }
}
