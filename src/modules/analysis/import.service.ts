// Historical incident import: a CSV (optionally gzipped) read, validated row by row, and stored in
// one transaction — every good row or none; rejected rows are reported with their reasons.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { invalid } from '../../core/errors.ts';
import type { AreaHit } from '../../core/geo/area-layers.ts';
import { type Actor, can } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { isValidTimeZone } from '../../core/time/zoned-time.ts';
import {
  type ImportedIncident,
  type ImportRules,
  isRejected,
  missingColumns,
  type RejectedRow,
  readIncidentRow,
} from './domain/incident-rows.ts';
import { ANALYSIS_IMPORT } from './permissions.ts';

/** What to do with rows outside every served jurisdiction. */
export type OutsidePolicy = 'keep' | 'reject';

/** Options of an import. */
export interface ImportOptions extends ImportRules {
  /** 'keep' (default): store with a null jurisdiction path; 'reject': report as rejected. */
  outside?: OutsidePolicy;
  /** Abort (nothing imported) when more rows than this are rejected. Default: no limit. */
  maxRejected?: number;
  /** Called as work advances: phase, done, total. */
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void;
}

/** The outcome of an import. */
export interface ImportReport {
  batchId: string | null;
  imported: number;
  outside: number;
  rejected: RejectedRow[];
  aborted: boolean;
}

const CHUNK = 5000;

function arrayLiteral(values: readonly (string | number | null)[]): string {
  const items = values.map((v) =>
    v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/(["\\])/g, '\\$1')}"`,
  );
  return `{${items.join(',')}}`;
}

/** Parses CSV text into records with their first line numbers; bad CSV records become rejections. */
export function readCsvRecords(text: string): {
  header: string[];
  records: { line: number; record: Record<string, string> }[];
  rejected: RejectedRow[];
} {
  const rejected: RejectedRow[] = [];
  const rows = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: { lines?: number; message: string } | undefined) => {
      if (err) rejected.push({ line: err.lines ?? 0, reason: `CSV error: ${err.message}` });
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const header = (rows.shift()?.record ?? []).map((h) => h.trim());
  const records: { line: number; record: Record<string, string> }[] = [];
  for (const { record, info } of rows) {
    if (record.length !== header.length) {
      rejected.push({
        line: info.lines,
        reason: `expected ${header.length} columns, found ${record.length}`,
      });
      continue;
    }
    const obj: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) obj[header[i]!] = record[i]!;
    records.push({ line: info.lines, record: obj });
  }
  return { header, records, rejected };
}

/** Reads a CSV file (gzip when it ends in .gz) as text. */
export function readCsvFile(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Imports incidents from a CSV file; see ImportOptions for the policies. */
export async function importIncidentsFile(
  services: CoreServices,
  actor: Actor,
  file: string,
  options: ImportOptions,
): Promise<ImportReport> {
  return importIncidentsCsv(services, actor, readCsvFile(file), basename(file), options);
}

/** Imports incidents from CSV text (all good rows in one transaction, or none). */
export async function importIncidentsCsv(
  services: CoreServices,
  actor: Actor,
  text: string,
  fileName: string,
  options: ImportOptions,
): Promise<ImportReport> {
  if (!can(actor, ANALYSIS_IMPORT))
    throw invalid('analysis.import.forbidden', 'You may not import incidents');
  if (options.timeZone && !isValidTimeZone(options.timeZone))
    throw invalid('analysis.import.time_zone', `Unknown time zone ${options.timeZone}`);
  const { header, records, rejected } = readCsvRecords(text);
  const missing = missingColumns(options.mapping, header);
  if (missing.length > 0)
    throw invalid('analysis.import.columns', `The file has no column ${missing.join(', ')}`, { header });
  const good: (ImportedIncident & { path: string | null; beat: AreaHit | null })[] = [];
  let outside = 0;
  for (let i = 0; i < records.length; i++) {
    const { line, record } = records[i]!;
    if (i % 10000 === 0) options.onProgress?.('read', i, records.length);
    const row = readIncidentRow(record, line, options);
    if (isRejected(row)) {
      rejected.push(row);
      continue;
    }
    const path = services.jurisdictions.locate(row.lon, row.lat)?.path ?? null;
    if (path === null) {
      if (options.outside === 'reject') {
        rejected.push({ line, reason: 'outside every served jurisdiction' });
        continue;
      }
      outside++;
    }
    // The patrol beat in force there at that time (null when none, or patrol is not installed).
    const beat = services.areas.locate('patrol.beats', row.lon, row.lat, row.occurredAt);
    good.push({ ...row, path, beat });
  }
  options.onProgress?.('read', records.length, records.length);
  rejected.sort((a, b) => a.line - b.line);
  if (options.maxRejected !== undefined && rejected.length > options.maxRejected)
    return { batchId: null, imported: 0, outside, rejected, aborted: true };
  const batchId = uuidv7();
  await transact(services.database, actor, async (tx) => {
    await sql`INSERT INTO analysis_import_batches (id, file_name, rows_imported, rows_rejected, rows_outside, actor_name)
      VALUES (${batchId}, ${fileName}, ${good.length}, ${rejected.length}, ${outside}, ${actor.name})`.execute(
      tx.db,
    );
    for (let start = 0; start < good.length; start += CHUNK) {
      const part = good.slice(start, start + CHUNK);
      await sql`INSERT INTO analysis_incidents
          (id, source, batch_id, occurred_at, lon, lat, h3, type_code, category, jurisdiction_path, beat_id, beat_code)
        SELECT u.id, 'import', ${batchId}::uuid, u.t, u.lon, u.lat, u.h3, u.type_code, u.category, u.path::ltree,
          u.beat_id, u.beat_code
        FROM unnest(${arrayLiteral(part.map(() => uuidv7()))}::uuid[],
                    ${arrayLiteral(part.map((r) => r.occurredAt.toISOString()))}::timestamptz[],
                    ${arrayLiteral(part.map((r) => r.lon))}::float8[],
                    ${arrayLiteral(part.map((r) => r.lat))}::float8[],
                    ${arrayLiteral(part.map((r) => r.h3))}::text[],
                    ${arrayLiteral(part.map((r) => r.typeCode))}::text[],
                    ${arrayLiteral(part.map((r) => r.category))}::text[],
                    ${arrayLiteral(part.map((r) => r.path))}::text[],
                    ${arrayLiteral(part.map((r) => r.beat?.id ?? null))}::text[],
                    ${arrayLiteral(part.map((r) => r.beat?.code ?? null))}::text[])
          AS u(id, t, lon, lat, h3, type_code, category, path, beat_id, beat_code)`.execute(tx.db);
      options.onProgress?.('write', Math.min(start + CHUNK, good.length), good.length);
    }
    tx.audit({
      action: 'analysis.incidents.imported',
      targetType: 'analysis_import_batch',
      targetId: batchId,
      details: { fileName, imported: good.length, rejected: rejected.length, outside },
    });
  });
  return { batchId, imported: good.length, outside, rejected, aborted: false };
}
