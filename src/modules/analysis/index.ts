// Public surface of the analysis module: pure, place-based and aggregate statistics, and
// public warning messages (OASIS CAP 1.2, Atom). Nothing here is about individual people.

export { analysisModule } from './analysis.module.ts';
export type { CapAlertSummary } from './cap-store.ts';
export * from './domain/atom-feed.ts';
export * from './domain/cap-builder.ts';
export * from './domain/cap-geometry.ts';
export * from './domain/cap-model.ts';
export * from './domain/cap-parser.ts';
export * from './domain/civil-date.ts';
export * from './domain/compstat.ts';
export * from './domain/ewma-baseline.ts';
export * from './domain/geo.ts';
export * from './domain/gistar.ts';
export * from './domain/incident-rows.ts';
export * from './domain/kernel-density.ts';
export * from './domain/knox.ts';
export * from './domain/rng.ts';
export * from './domain/scan-evaluation.ts';
export * from './domain/space-time-scan.ts';
export * from './domain/stats.ts';
export * from './domain/xml.ts';
export * from './domain/xsd-validate.ts';
export * from './domain/zoned-time.ts';
export { evaluateWarningsCommand } from './evaluate.command.ts';
export type { WarningRaised } from './events.ts';
export { importIncidentsCommand } from './import.command.ts';
export {
  type ImportOptions,
  type ImportReport,
  importIncidentsCsv,
  importIncidentsFile,
  readCsvFile,
} from './import.service.ts';
export {
  type ImportedHistoryQuery,
  type ImportedIncidentRecord,
  importedIncidentHistory,
} from './incident-history.ts';
