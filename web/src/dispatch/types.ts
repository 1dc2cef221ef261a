// Shapes of the dispatch HTTP API as the screens use them (docs/api/dispatch.md). Those the
// server declares are imported from it (types only), so the two cannot drift apart.
import type {
  AssignmentView as Assignment,
  CallSummary,
  IncidentSummary,
  TimelineEntry,
  TimerView as TimerReading,
  UnitView as Unit,
} from '../../../src/modules/dispatch/dispatch-events.ts';
import type { LocalizedText as Localized } from '../../../src/modules/dispatch/domain/unit-kinds.ts';

export type { Assignment, CallSummary, IncidentSummary, Localized, TimelineEntry, TimerReading, Unit };

/** An entry of the incident-type catalogue. */
export interface IncidentType {
  code: string;
  name: Localized;
  category: string;
  defaultPriority: number;
  questions: { id: string; kind: 'question' | 'instruction'; text: Localized }[];
  hazards: Localized[];
  nonEmergency: boolean;
  active: boolean;
}

/** An open incident that may be the same event as the call being taken. */
export interface DuplicateCandidate {
  incidentId: string;
  number: string;
  typeCode: string;
  status: string;
  score: number;
  distanceMetres: number;
  secondsApart: number;
  typeMatch: 'same' | 'compatible' | 'unknown';
}

/** What the call taker sees while typing. */
export interface AssistView {
  jurisdiction: { path: string; name: Localized } | null;
  duplicates: DuplicateCandidate[];
  premise: {
    incidents: {
      id: string;
      number: string;
      typeCode: string;
      receivedAt: string;
      disposition: string | null;
      distanceMetres: number;
    }[];
    hazards: {
      id: string;
      kind: string;
      note: Localized;
      distanceMetres: number;
      expiresAt: string | null;
    }[];
    countsByType: Record<string, number>;
  };
}

/** Answer of `POST /api/dispatch/calls`. */
export interface CallResult {
  call: CallSummary;
  incident: IncidentSummary | null;
  duplicates: DuplicateCandidate[];
}

/** Full incident detail. */
export interface IncidentDetail {
  incident: IncidentSummary;
  calls: CallSummary[];
  assignments: Assignment[];
  timeline: TimelineEntry[];
  allowed: string[];
}

/** A candidate unit in a recommendation. */
export interface UnitChoice {
  unitId: string;
  callSign: string;
  kind: string;
  status: string;
  etaSeconds: number | null;
  metres: number | null;
  source: 'road' | 'straight_line' | null;
  alreadyAssigned: boolean;
  ineligible: string[];
  explanation: Localized;
}

/** Units recommended for an incident and why. */
export interface RecommendationView {
  incidentId: string;
  alarmLevel: number;
  satisfied: boolean;
  recommendedUnitIds: string[];
  fills: {
    capability: string;
    count: number;
    missing: number;
    chosen: UnitChoice[];
    skipped: (UnitChoice & { reasons: string[] })[];
    skippedNotShown: number;
  }[];
  unmet: { capability: string; missing: number; text: Localized }[];
  computedMs: number;
}

/** A road route. */
export interface Route {
  seconds: number;
  metres: number;
  coordinates: [number, number][];
  source: 'road' | 'straight_line';
}

/** The signed-in unit's own view. */
export interface MyUnit {
  unit: Unit;
  assignment: Assignment | null;
  incident: IncidentSummary | null;
  route: Route | null;
}

/** Supervisor wall figures. */
export interface WallView {
  byStatus: Record<string, number>;
  byJurisdiction: { path: string; name: Localized; open: number; overdue: number }[];
  byBeat: { beatCode: string; open: number; overdue: number }[];
  overdue: IncidentSummary[];
  units: Record<string, number>;
}
