/**
 * Community grid & service requests: the public surface of the module. For now the pure domain
 * (working calendars and deadlines, escalation, request state machine, responsibility matrix,
 * Open311 GeoReport v2 presenters and parsers, village tessellation, CSV import mapping, photo
 * checks, follow-up tokens), and the module itself: database services, routes, jobs, import.
 */

export {
  civilFromDays,
  DEFAULT_TIME_ZONE,
  daysFromCivil,
  formatDayNumber,
  formatW3cDateTime,
  instantOfLocalMinute,
  isoWeekday,
  isValidCivilDate,
  isValidTimeZone,
  type LocalDateTime,
  localDayNumber,
  offsetMinutesAt,
  parseIsoDate,
  zonedParts,
  zonedToInstant,
} from '../../core/time/zoned-time.ts';
export {
  addToSummary,
  BOSTON_311_SPEC,
  type CsvColumnMapping,
  type CsvDateFormat,
  type CsvImportSpec,
  type CsvImportSummary,
  type CsvRejection,
  type CsvRejectReason,
  type CsvRowResult,
  EMPTY_IMPORT_SUMMARY,
  type ImportedRequest,
  mapCsvRow,
  parseCsvDate,
  validateCsvSpec,
} from './domain/csv-import.ts';
export {
  activeTimeBetween,
  addWorkingTime,
  assertSlaDuration,
  computeDeadline,
  DEFAULT_REMINDER_FRACTIONS,
  instantAfterActiveTime,
  normalisePauses,
  type PauseInterval,
  type ReminderPoint,
  reminderPoints,
  type SlaClockInput,
  type SlaDuration,
  type SlaStatus,
  type SlaUnit,
  slaBudgetMs,
  slaStatus,
} from './domain/deadline.ts';
export {
  dueSlaActions,
  type EscalationPolicy,
  type EscalationStep,
  escalationAt,
  escalationSchedule,
  planSla,
  type SlaPlan,
  type SlaProgress,
} from './domain/escalation.ts';
export {
  FOLLOW_UP_TOKEN_BYTES,
  isFollowUpToken,
  newFollowUpToken,
} from './domain/follow-up-token.ts';
export {
  assertLtree,
  isAncestorOrSelf,
  isValidLtree,
  ltreeAncestor,
  ltreeDepth,
  ltreeParent,
} from './domain/ltree.ts';
export {
  type AttributeSubmission,
  checkAttributes,
  validateServiceDefinition,
} from './domain/open311-definition.ts';
export {
  badRequest,
  checkJurisdiction,
  type JurisdictionPolicy,
  listParam,
  type Open311ParamInput,
  type Open311Params,
  type Open311Route,
  open311Failure,
  optionalParam,
  parseOpen311Path,
  readOpen311Params,
} from './domain/open311-params.ts';
export {
  MAX_DESCRIPTION_CHARS,
  type PostServiceRequestInput,
  type PostValidationContext,
  parsePostServiceRequest,
  postResultFor,
} from './domain/open311-post.ts';
export {
  discoveryJson,
  errorsJson,
  formatDecimal,
  type Open311Body,
  postResultsJson,
  renderDiscovery,
  renderErrors,
  renderPostResults,
  renderServiceDefinition,
  renderServiceRequests,
  renderServices,
  renderTokenResults,
  serviceDefinitionJson,
  serviceRequestsJson,
  servicesJson,
  tokenResultsJson,
} from './domain/open311-present.ts';
export {
  parseRequestsQuery,
  parseSimpleQuery,
  type RequestsQuery,
  type RequestsQueryOptions,
} from './domain/open311-query.ts';
export {
  GEOREPORT_V2_SPEC,
  OPEN311_CONTENT_TYPES,
  OPEN311_DATATYPES,
  type Open311Attribute,
  type Open311AttributeValue,
  type Open311Datatype,
  type Open311Discovery,
  type Open311DiscoveryEndpoint,
  type Open311Error,
  type Open311Failure,
  type Open311Format,
  type Open311PostResult,
  type Open311Request,
  type Open311Result,
  type Open311Service,
  type Open311ServiceDefinition,
  type Open311ServiceType,
  type Open311TokenResult,
} from './domain/open311-types.ts';
export {
  type CleanPhoto,
  checkPhotoUpload,
  DEFAULT_MAX_PHOTO_BYTES,
  DEFAULT_MAX_PHOTO_PIXELS,
  detectImageType,
  type ImageMediaType,
  type PhotoRejection,
  type PhotoRejectReason,
  type PhotoUploadPolicy,
  type PhotoUploadResult,
} from './domain/photo-check.ts';
export {
  concatBytes,
  exifOrientation,
  MalformedImageError,
  type StrippedImage,
  stripJpegMetadata,
} from './domain/photo-jpeg.ts';
export {
  crc32,
  stripPngMetadata,
  stripWebpMetadata,
} from './domain/photo-png-webp.ts';
export {
  allowedEvents,
  applyRequestEvent,
  type CoHandler,
  createServiceRequest,
  DEFAULT_REOPEN_WINDOW_MS,
  open311Status,
  REQUEST_STATES,
  type RequestEffect,
  type RequestEvent,
  type RequestEventType,
  type RequestHistoryEntry,
  type RequestState,
  type Router,
  type ServiceRequestRecord,
  TRANSITIONS,
  type TransitionContext,
  type TransitionError,
  type TransitionResult,
} from './domain/request-state.ts';
export {
  ANY_SERVICE,
  buildResponsibilityMatrix,
  type ResponsibilityEntry,
  type ResponsibilityMatch,
  type ResponsibilityMatrix,
} from './domain/responsibility-matrix.ts';
export {
  type GridCellFeature,
  type GridCellProperties,
  type TessellationOptions,
  tessellateVillage,
} from './domain/tessellation.ts';
export {
  isW3cInstant,
  parseW3cDateTime,
  type W3cDateTime,
} from './domain/w3c-datetime.ts';
export {
  adjacentWorkingDay,
  continuousCalendar,
  createWorkCalendar,
  DEFAULT_WORKING_PERIODS,
  endOfWorkingDay,
  isWithinWorkingTime,
  isWorkingDay,
  isWorkingDayNumber,
  localDateOf,
  MAX_NON_WORKING_RUN_DAYS,
  type WorkCalendar,
  type WorkCalendarSpec,
  type WorkingPeriod,
  workingIntervalsFrom,
  workingIntervalsOfDay,
} from './domain/work-calendar.ts';

// --- module: services, routes, jobs, import ---

export { applyAction } from './actions.service.ts';
export { type Clock, type ManualClock, manualClock, systemClock } from './clock.ts';
export { type DashboardDimension, type DashboardRow, dashboard } from './dashboard.service.ts';
export { type GridDeps, gridDeps } from './deps.ts';
export type { GridRequestEvent } from './events.ts';
export { createGridModule, type GridModuleOptions, gridModule } from './grid.module.ts';
export {
  type ImportOptions,
  type ImportReport,
  importRequestsCommand,
  importRequestsCsv,
  openCsv,
} from './import.service.ts';
export { type NewRequest, type SubmittedRequest, submitRequest } from './intake.service.ts';
export { autoClose, purgeReporterContacts, runGridJobs, type SweepReport, sweepDeadlines } from './jobs.ts';
export { GRID, gridPermissions } from './permissions.ts';
export { listQueue, type QueueFilter, type QueueItem } from './queue.service.ts';
export { DISPATCH_REFERRAL, readReferral } from './referral.consumer.ts';
export { getRequest, readReporter } from './request.service.ts';
