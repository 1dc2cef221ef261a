// Shapes of the dispatch HTTP API as the screens use them (docs/api/dispatch.md).

/** Text in both UI languages. */
export interface Localized {
  zh: string;
  en: string;
}

/** A running timer of an incident. */
export interface TimerReading {
  timer: string;
  unitId: string | null;
  startedAt: string;
  elapsedSeconds: number;
  level: 'ok' | 'warn' | 'alert';
  warnSeconds: number;
  alertSeconds: number;
}

/** An incident as listed and pushed live. */
export interface IncidentSummary {
  id: string;
  number: string;
  status: string;
  typeCode: string;
  typeName: Localized;
  category: string;
  priority: number;
  alarmLevel: number;
  lon: number;
  lat: number;
  address: string | null;
  jurisdictionPath: string;
  jurisdictionName: Localized | null;
  hazards: string[];
  callCount: number;
  assignedUnitIds: string[];
  receivedAt: string;
  dispatchedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  clearedAt: string | null;
  closedAt: string | null;
  disposition: string | null;
  timers: TimerReading[];
  overdue: boolean;
  updatedAt: string;
}

/** One unit's assignment to an incident. */
export interface Assignment {
  id: string;
  incidentId: string;
  unitId: string;
  callSign: string;
  status: string;
  active: boolean;
  mutualAid: boolean;
  dispatchedAt: string;
  acknowledgedAt: string | null;
  enRouteAt: string | null;
  onSceneAt: string | null;
  clearedAt: string | null;
  releasedAt: string | null;
  dispatchedBy: string;
  etaSeconds: number | null;
}

/** One line of an incident's timeline. */
export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  text: string;
  unitId: string | null;
  actorName: string;
  console: string | null;
}

/** A call without personal fields. */
export interface CallSummary {
  id: string;
  incidentId: string | null;
  receivedAt: string;
  typeCode: string;
  priority: number;
  address: string | null;
  narrative: string;
  hazards: string[];
  hasCaller: boolean;
  handling: string;
  takenBy: string;
}

/** A unit with its status and last position. */
export interface Unit {
  id: string;
  callSign: string;
  kind: string;
  kindName: Localized;
  capabilities: string[];
  status: string;
  onDuty: boolean;
  allowed: string[];
  jurisdictionPath: string;
  homeStation: { name: string; lon: number; lat: number } | null;
  incidentId: string | null;
  assignmentId: string | null;
  position: { lon: number; lat: number; at: string; speedKmh: number | null; heading: number | null } | null;
  positionStale: boolean;
  updatedAt: string;
}

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
  overdue: IncidentSummary[];
  units: Record<string, number>;
}
