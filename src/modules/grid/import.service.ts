import { createReadStream, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { invalid } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { type GridDeps, gridDeps } from './deps.ts';
import {
  addToSummary,
  BOSTON_311_SPEC,
  type CsvDateFormat,
  type CsvImportSpec,
  type CsvImportSummary,
  EMPTY_IMPORT_SUMMARY,
  type ImportedRequest,
  mapCsvRow,
  validateCsvSpec,
} from './domain/csv-import.ts';
import { REQUEST_H3_RESOLUTION } from './intake.service.ts';
import { jurisdictionByCode } from './routing.ts';

/** How an import files rows. */
export interface ImportOptions {
  spec: CsvImportSpec;
  /** Jurisdiction code for rows without a location or outside every jurisdiction (else they are refused). */
  fallbackJurisdiction?: string | null;
  /** Create unknown request types (staff-only) and departments instead of refusing rows. */
  createTypes?: boolean;
  /** Public id prefix of imported requests (default `IMP-`). */
  idPrefix?: string;
  batchSize?: number;
  onProgress?: (rows: number) => void;
}

/** What an import did. */
export interface ImportReport {
  summary: CsvImportSummary;
  inserted: number;
  /** Rows already imported earlier (same external id). */
  skippedExisting: number;
  /** Rows refused because no jurisdiction could be found and no fallback was given. */
  unplaced: number;
  unknownTypes: number;
  seconds: number;
  rowsPerSecond: number;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60) || 'unnamed';

interface Catalogue {
  types: Map<string, string>;
  departments: Map<string, string>;
}

async function loadCatalogue(deps: GridDeps): Promise<Catalogue> {
  const t = await sql<{
    code: string;
    name_en: string;
  }>`SELECT code, name_en FROM grid_request_types`.execute(deps.database.db);
  const d = await sql<{ id: string; code: string }>`SELECT id, code FROM grid_departments`.execute(
    deps.database.db,
  );
  const types = new Map<string, string>();
  for (const r of t.rows) {
    types.set(r.code, r.code);
    types.set(r.name_en.toLowerCase(), r.code);
  }
  return { types, departments: new Map(d.rows.map((r) => [r.code.toLowerCase(), r.id])) };
}

/** Creates missing types and departments named by a batch (inside the batch's transaction). */
async function ensureCatalogue(
  db: GridDeps['database']['db'],
  cat: Catalogue,
  rows: ImportedRequest[],
  path: string,
): Promise<void> {
  for (const r of rows) {
    if (!cat.types.has(r.type.toLowerCase()) && !cat.types.has(r.type)) {
      const code = slug(r.type);
      await sql`INSERT INTO grid_request_types (code, name_zh, name_en, group_code, public, sla_amount, sla_unit)
        VALUES (${code}, ${r.type}, ${r.type}, 'other', false, 5, 'working_days') ON CONFLICT DO NOTHING`.execute(
        db,
      );
      cat.types.set(r.type.toLowerCase(), code);
    }
    if (r.department && !cat.departments.has(r.department.toLowerCase())) {
      const id = uuidv7();
      const code = slug(r.department).toUpperCase();
      await sql`INSERT INTO grid_departments (id, code, name_zh, name_en, jurisdiction_path, active)
        VALUES (${id}, ${code}, ${r.department}, ${r.department}, ${path}::ltree, false) ON CONFLICT DO NOTHING`.execute(
        db,
      );
      const got = await sql<{ id: string }>`SELECT id FROM grid_departments WHERE code = ${code}`.execute(db);
      cat.departments.set(r.department.toLowerCase(), got.rows[0]!.id);
    }
  }
}

interface Batch {
  rows: ImportedRequest[];
  report: ImportReport;
}

async function flush(
  deps: GridDeps,
  actor: Actor,
  opts: ImportOptions,
  cat: Catalogue,
  fallback: string | null,
  b: Batch,
) {
  const rows = b.rows;
  b.rows = [];
  if (rows.length === 0) return;
  await transact(deps.database, actor, async (tx) => {
    if (opts.createTypes) await ensureCatalogue(tx.db, cat, rows, fallback ?? '_');
    const records: Record<string, unknown>[] = [];
    for (const r of rows) {
      const code = cat.types.get(r.type) ?? cat.types.get(r.type.toLowerCase());
      if (!code) {
        b.report.unknownTypes++;
        continue;
      }
      const hit = r.location ? deps.jurisdictions.locate(r.location.lon, r.location.lat) : null;
      const path = hit?.path ?? fallback;
      if (!path) {
        b.report.unplaced++;
        continue;
      }
      const closed = r.status === 'closed';
      const closedAt = closed ? (r.closedAt ?? r.requestedAt) : null;
      records.push({
        id: uuidv7(),
        public_id: `${opts.idPrefix ?? 'IMP-'}${r.externalId ?? uuidv7().slice(-12)}`,
        service_code: code,
        path,
        h3: r.location ? latLngToCell(r.location.lat, r.location.lon, REQUEST_H3_RESOLUTION) : null,
        lat: r.location?.lat ?? null,
        lon: r.location?.lon ?? null,
        address: r.address?.slice(0, 500) ?? null,
        zipcode: r.zipcode?.slice(0, 20) ?? null,
        description: r.description?.slice(0, 4000) ?? null,
        state: closed ? 'closed' : 'submitted',
        department_id: r.department ? (cat.departments.get(r.department.toLowerCase()) ?? null) : null,
        submitted_at: r.requestedAt.toISOString(),
        updated_at: (closedAt ?? r.requestedAt).toISOString(),
        closed_at: closedAt?.toISOString() ?? null,
        deadline: r.targetAt?.toISOString() ?? null,
        closed_on_time: closedAt && r.targetAt ? +closedAt <= +r.targetAt : null,
        status_notes: r.statusNotes?.slice(0, 4000) ?? null,
        external_id: r.externalId,
        attributes: r.source ? { channel: r.source } : {},
      });
    }
    if (records.length === 0) return;
    const res = await sql<{
      id: string;
    }>`INSERT INTO grid_requests (id, public_id, service_code, jurisdiction_path,
        h3_cell, lat, lon, address, zipcode, description, state, department_id, sla_start, submitted_at, updated_at,
        resolved_at, closed_at, deadline, closed_on_time, status_notes, source, external_id, attributes)
      SELECT x.id, x.public_id, x.service_code, x.path::ltree, x.h3, x.lat, x.lon, x.address, x.zipcode,
        x.description, x.state, x.department_id, x.submitted_at, x.submitted_at, x.updated_at, x.closed_at,
        x.closed_at, x.deadline, x.closed_on_time, x.status_notes, 'import', x.external_id, x.attributes
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS x(id uuid, public_id text, service_code text,
        path text, h3 text, lat float8, lon float8, address text, zipcode text, description text, state text,
        department_id uuid, submitted_at timestamptz, updated_at timestamptz, closed_at timestamptz,
        deadline timestamptz, closed_on_time boolean, status_notes text, external_id text, attributes jsonb)
      ON CONFLICT DO NOTHING RETURNING id`.execute(tx.db);
    b.report.inserted += res.rows.length;
    b.report.skippedExisting += records.length - res.rows.length;
    tx.audit({
      action: 'grid.requests.imported',
      targetType: 'grid_request',
      details: { rows: records.length, inserted: res.rows.length },
    });
  });
}

/**
 * Imports historical requests from a CSV stream: each row is mapped and validated by the domain
 * (`mapCsvRow`), placed by its location (or filed at the fallback jurisdiction), and inserted in
 * batches (one transaction and one audit entry each). Re-running skips rows already imported.
 */
export async function importRequestsCsv(
  deps: GridDeps,
  actor: Actor,
  input: Readable,
  opts: ImportOptions,
): Promise<ImportReport> {
  const started = performance.now();
  const fallback = opts.fallbackJurisdiction
    ? ((await jurisdictionByCode(deps.database.db, opts.fallbackJurisdiction))?.path ?? null)
    : null;
  if (opts.fallbackJurisdiction && !fallback) {
    throw invalid('grid.unknown_jurisdiction', `Unknown jurisdiction ${opts.fallbackJurisdiction}`);
  }
  const cat = await loadCatalogue(deps);
  const batch: Batch = {
    rows: [],
    report: {
      summary: EMPTY_IMPORT_SUMMARY,
      inserted: 0,
      skippedExisting: 0,
      unplaced: 0,
      unknownTypes: 0,
      seconds: 0,
      rowsPerSecond: 0,
    },
  };
  const size = opts.batchSize ?? 1000;
  const parser = input.pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }),
  );
  let checked = false;
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    if (!checked) {
      const problems = validateCsvSpec(opts.spec, Object.keys(row));
      if (problems.length > 0) throw invalid('grid.bad_mapping', problems.join('; '));
      checked = true;
    }
    const result = mapCsvRow(row, opts.spec);
    batch.report.summary = addToSummary(batch.report.summary, result);
    if (result.ok) batch.rows.push(result.record);
    if (batch.rows.length >= size) {
      await flush(deps, actor, opts, cat, fallback, batch);
      opts.onProgress?.(batch.report.summary.total);
    }
  }
  await flush(deps, actor, opts, cat, fallback, batch);
  const seconds = (performance.now() - started) / 1000;
  return { ...batch.report, seconds, rowsPerSecond: batch.report.summary.total / seconds };
}

/** Opens a CSV file, gunzipping `.gz` files. */
export function openCsv(file: string): Readable {
  const stream = createReadStream(file);
  return file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

const FIELDS = new Set([
  'externalId',
  'openedAt',
  'closedAt',
  'targetAt',
  'lat',
  'lon',
  'type',
  'status',
  'description',
  'statusNotes',
  'address',
  'zipcode',
  'department',
  'source',
]);

/**
 * A mapping from the command line: `boston` (preset), a JSON file holding a CsvImportSpec, or
 * `field=Column,...` pairs with `--date-format` and `--time-zone`.
 */
export function mappingFromCli(map: string, dateFormat?: string, timeZone?: string): CsvImportSpec {
  if (map === 'boston') return BOSTON_311_SPEC;
  if (map.endsWith('.json')) return JSON.parse(readFileSync(map, 'utf8')) as CsvImportSpec;
  const columns: Record<string, string> = {};
  for (const pair of map.split(',')) {
    const [field, column] = pair.split('=').map((s) => s.trim());
    if (!field || !column || !FIELDS.has(field))
      throw invalid('grid.bad_mapping', `Bad mapping entry ${JSON.stringify(pair)}`);
    columns[field] = column;
  }
  if (!columns.openedAt || !columns.type || !columns.lat || !columns.lon) {
    throw invalid('grid.bad_mapping', 'The mapping needs openedAt, type, lat and lon');
  }
  return {
    columns: columns as unknown as CsvImportSpec['columns'],
    dateFormat: (dateFormat ?? 'iso8601') as CsvDateFormat,
    timeZone: timeZone ?? 'Asia/Shanghai',
  };
}

/** `haven import requests FILE --map ...`: runs an import as the system and returns a summary line. */
export async function importRequestsCommand(
  services: CoreServices,
  file: string,
  flags: {
    map: string;
    jurisdiction?: string;
    createTypes?: boolean;
    dateFormat?: string;
    timeZone?: string;
    idPrefix?: string;
  },
): Promise<string> {
  await services.jurisdictions.reload();
  const report = await importRequestsCsv(gridDeps(services), systemActor('cli:import'), openCsv(file), {
    spec: mappingFromCli(flags.map, flags.dateFormat, flags.timeZone),
    fallbackJurisdiction: flags.jurisdiction ?? null,
    createTypes: flags.createTypes ?? false,
    idPrefix: flags.idPrefix,
    onProgress: (n) => process.stderr.write(`\r${n} rows`),
  });
  const s = report.summary;
  return `\nRead ${s.total} rows: imported ${report.inserted}, already present ${report.skippedExisting}, rejected ${s.rejected} ${JSON.stringify(s.byReason)}, unplaced ${report.unplaced}, unknown type ${report.unknownTypes}; ${report.rowsPerSecond.toFixed(0)} rows/s.`;
}
