// Public surface of the patrol module: beat design, quality figures, replay and check-ins.
export type { AllocationZone } from './domain/allocation.ts';
export { allocateBeats } from './domain/allocation.ts';
export type { AtomSet } from './domain/atoms.ts';
export { withAtomValues } from './domain/atoms.ts';
export type {
  CheckInOutcome,
  CheckInPoint,
  ComplianceOptions,
  ComplianceReport,
  RouteDeviation,
  ScheduledRoute,
  TrackFix,
} from './domain/checkin.ts';
export { checkCompliance } from './domain/checkin.ts';
export type { BeatDesign, DesignedBeat, DesignOptions } from './domain/designer.ts';
export { designBeats } from './domain/designer.ts';
export type { PatrolErrorCode } from './domain/errors.ts';
export { isPatrolError, PatrolError } from './domain/errors.ts';
export type { DistrictingWeights, ExactOptions, ExactResult } from './domain/exact.ts';
export { DEFAULT_DISTRICTING_WEIGHTS, districtingObjective, solveExact } from './domain/exact.ts';
export type { BeatFeature } from './domain/export.ts';
export { beatFeatures } from './domain/export.ts';
export type { ArealGeometry, MultiPolygonCoords, Position } from './domain/geo.ts';
export type { ReadRegionsOptions, Region } from './domain/geojson.ts';
export { readArealGeometry, readRegions } from './domain/geojson.ts';
export { isContiguous } from './domain/graph.ts';
export type { H3AtomOptions } from './domain/h3-atoms.ts';
export { buildH3Atoms, regionsArea, suggestH3Resolution } from './domain/h3-atoms.ts';
export type { AtomTravelTime } from './domain/local-search.ts';
export type { ObjectiveWeights } from './domain/objective.ts';
export { DEFAULT_WEIGHTS } from './domain/objective.ts';
export type { PolygonAtomOptions } from './domain/polygon-atoms.ts';
export { buildPolygonAtoms } from './domain/polygon-atoms.ts';
export type {
  BeatQuality,
  DesignLike,
  PointDistance,
  QualityDemand,
  QualityOptions,
  QualityReport,
} from './domain/quality.ts';
export { designQuality } from './domain/quality.ts';
export type { ReplayOptions, ReplayResult } from './domain/replay.ts';
export { replayDispatch } from './domain/replay.ts';
export { coefficientOfVariation, median, percentile } from './domain/stats.ts';
export type { AtomLocator, Incident, WorkloadAssignment, WorkloadOptions } from './domain/workload.ts';
export { assignWorkload, atomLocator, incidentWeight } from './domain/workload.ts';
export type { FixedBeat } from './domain/zones.ts';
export * from './public.ts';
export { loadSolver } from './solver.ts';
