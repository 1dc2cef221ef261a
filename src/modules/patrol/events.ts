// Events of the patrol module, added to the core's typed event map.

/** Progress of a running beat design (0..1), and its end. */
export interface DesignProgress {
  id: string;
  progress: number;
  runState: 'running' | 'done' | 'failed';
}

declare module '../../core/events/event-map.ts' {
  interface HavenEventMap {
    'patrol.design.progress': DesignProgress;
    'patrol.beats.published': { designId: string; effectiveFrom: string; beats: number };
    'patrol.checkin.missed': { routeId: string; unitCode: string; missed: number; deviations: number };
  }
}
