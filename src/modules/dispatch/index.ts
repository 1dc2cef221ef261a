/**
 * Command & dispatch: the public surface of the module. For now the pure domain (catalogue,
 * state machines, timers, recommendation, duplicate detection, the board aggregate, simulators,
 * response-time statistics); the database service and routes will be added beside it.
 */

// Wiring into the core: the module (tables, services, routes, jobs, demo data).
export { dispatchModule } from './dispatch.module.ts';
export {
  type AvlDecision,
  type AvlFix,
  type AvlPolicy,
  type AvlRejection,
  acceptAvlFix,
  DEFAULT_AVL_POLICY,
  isPositionStale,
  positionAgeSeconds,
} from './domain/avl.ts';
export { applyEvent, createBoard, incidentFromTimeline, replay } from './domain/board-apply.ts';
export { decide } from './domain/board-decide.ts';
export { checkBoardInvariants } from './domain/board-invariants.ts';
export {
  type Assignment,
  activeAssignment,
  activeAssignments,
  type BoardIncident,
  type BoardState,
  type BoardUnit,
  type CommandBody,
  type DecideContext,
  type Decision,
  type DispatchCommand,
  type DispatchEvent,
  type EventBody,
  type FreeStatus,
} from './domain/board-model.ts';
export {
  CALL_PROMPTS,
  type CallPromptId,
  defineIncidentType,
  HAZARD_HINTS,
  type IncidentTypeDef,
} from './domain/call-scripts.ts';
export {
  type AreaGeometry,
  areaTest,
  type CallSimulationSpec,
  DEFAULT_HOURLY_PROFILE,
  type Hotspot,
  type SimulatedCall,
  type SimulationArea,
  simulateCalls,
  type TypeMix,
} from './domain/call-simulator.ts';
export {
  type DraftCall,
  type DuplicateCandidate,
  type DuplicateOptions,
  findDuplicateCandidates,
  type OpenIncidentSummary,
} from './domain/duplicate-calls.ts';
export {
  DISPATCH_ERROR_CODES,
  DispatchError,
  type DispatchErrorCode,
  isDispatchError,
} from './domain/errors.ts';
export { haversineMetres, type LatLon } from './domain/geo.ts';
export { DEFAULT_INCIDENT_TYPES, defaultCatalogue } from './domain/incident-catalogue.ts';
export {
  type AssignmentStatus,
  allowedIncidentTransitions,
  CANCEL_REASONS,
  type CancelReason,
  type CloseInput,
  canIncidentTransition,
  DISPOSITIONS,
  type Disposition,
  deriveIncidentStatus,
  INCIDENT_STATUSES,
  type IncidentStatus,
  isIncidentOpen,
  type TransitionKind,
} from './domain/incident-state.ts';
export {
  type CallQuestion,
  createCatalogue,
  getIncidentType,
  INCIDENT_CATEGORIES,
  type IncidentCatalogue,
  type IncidentCategory,
  type IncidentType,
  maxAlarmLevel,
  planAtLevel,
  type ResourceRequirement,
  typeRelation,
  validateCatalogue,
  validateIncidentType,
} from './domain/incident-type.ts';
export { jurisdictionAncestors, jurisdictionCovers } from './domain/jurisdiction.ts';
export {
  type PastIncident,
  PREMISE_HAZARD_KINDS,
  type PremiseHazard,
  type PremiseHazardKind,
  type PremiseHistory,
  premiseHistory,
} from './domain/premise-history.ts';
export {
  type ChosenUnit,
  describeUnmet,
  type IncidentForRecommendation,
  type Recommendation,
  type RecommendationRequest,
  type RecommendOptions,
  type RequirementFill,
  recommendForIncident,
  recommendUnits,
  type SkippedUnit,
  type SkipReason,
  type UnitAssessment,
  type UnmetRequirement,
} from './domain/recommend.ts';
export {
  type JurisdictionResponseSummary,
  type MeasureSummary,
  quantile,
  RESPONSE_MEASURES,
  type ResponseMeasure,
  type ResponseSummaryOptions,
  type ResponseTimeRecord,
  responseIntervals,
  summarizeResponseTimes,
} from './domain/response-times.ts';
export { createRng, type Rng } from './domain/rng.ts';
export {
  assertValidTimerThresholds,
  DEFAULT_TIMER_THRESHOLDS,
  isPriority,
  PRIORITIES,
  type Priority,
  type Threshold,
  TIMER_KINDS,
  type TimerKind,
  type TimerThresholds,
  validateTimerThresholds,
} from './domain/timer-thresholds.ts';
export {
  type AssignmentTimes,
  evaluateTimers,
  type IncidentMilestones,
  nextTimerChange,
  overdueTimers,
  type SafetyCheckIn,
  safetyCheckIns,
  type TimerInput,
  type TimerLevel,
  type TimerReading,
} from './domain/timers.ts';
export {
  type CandidateUnit,
  type EligibilityOptions,
  type Eta,
  estimateEta,
  type IneligibleReason,
  ineligibility,
  type TravelEstimate,
  type TravelTimes,
} from './domain/unit-eligibility.ts';
export {
  CAPABILITIES,
  type Capability,
  isCapability,
  isUnitKind,
  type LocalizedText,
  UNIT_KINDS,
  type UnitKind,
  type UnitKindInfo,
  unitCapabilities,
} from './domain/unit-kinds.ts';
export {
  type MovementSpec,
  type MovingPath,
  type PathPosition,
  pathDurationSeconds,
  positionAlongPath,
  type SimulatedFix,
  simulateMovement,
} from './domain/unit-movement.ts';
export {
  allowedUnitTransitions,
  canUnitTransition,
  INCIDENT_BOUND_STATUSES,
  type IncidentBoundStatus,
  isAssignable,
  isIncidentBound,
  UNIT_STATUSES,
  type UnitStatus,
} from './domain/unit-status.ts';
export type { ValidationIssue } from './domain/validation.ts';
export {
  type ClosedIncidentRecord,
  closedIncidentHistory,
  type IncidentHistoryQuery,
} from './incident-history.ts';
export {
  runSimulation,
  type SimulationOptions,
  type SimulationReport,
  simulateOn,
} from './simulate.ts';
