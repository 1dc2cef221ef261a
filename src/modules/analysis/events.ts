// Events of the analysis module, added to the core's typed event map.
import type { CapAlertSummary } from './cap-store.ts';

/** Payload of an early warning of an emerging space-time cluster. */
export interface WarningRaised {
  id: string;
  /** Prospective space-time permutation scan, or per-cell hour-of-week baseline with EWMA. */
  method: 'space_time_scan' | 'ewma_hour_of_week';
  centre: string;
  cells: string[];
  windowStart: string;
  windowEnd: string;
  observed: number;
  expected: number;
  p: number;
  recurrenceDays: number;
  lon: number;
  lat: number;
  jurisdictionPath: string | null;
}

declare module '../../core/events/event-map.ts' {
  interface HavenEventMap {
    'analysis.warning.raised': WarningRaised;
    'analysis.cap.changed': CapAlertSummary;
  }
}
