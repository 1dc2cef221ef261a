import { useLiveEvent } from '../app/live-context.tsx';
import type { Assignment, IncidentSummary, TimelineEntry, Unit } from './types.ts';

/** The dispatch events the screens react to. */
export type DispatchEvent =
  | { type: 'dispatch.incident.created' | 'dispatch.incident.updated'; payload: IncidentSummary }
  | { type: 'dispatch.incident.timeline'; payload: { incidentId: string; entry: TimelineEntry } }
  | { type: 'dispatch.assignment.changed'; payload: Assignment }
  | { type: 'dispatch.unit.updated'; payload: Unit }
  | {
      type: 'dispatch.unit.positions';
      payload: { positions: { unitId: string; lon: number; lat: number; at: string }[] };
    }
  | { type: 'dispatch.timer.overdue'; payload: { incidentId: string; level: string } }
  | { type: 'dispatch.call.created'; payload: { callId: string; incidentId: string | null } }
  | { type: 'dispatch.catalogue.changed'; payload: { code: string | null } };

// Subscribes to every event and narrows by name: the web build type-checks without depending
// on the server module's declaration merging being present.
/** Run `handler` for each live `dispatch.*` event while mounted. */
export function useDispatchEvents(handler: (event: DispatchEvent) => void): void {
  useLiveEvent('*', (e) => {
    const type = e.type as string;
    if (type.startsWith('dispatch.')) handler({ type, payload: e.payload } as DispatchEvent);
  });
}
