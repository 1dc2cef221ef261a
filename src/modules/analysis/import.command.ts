// `haven import incidents FILE`: the CLI side of the import (progress bar and rejection report).
import { SingleBar } from 'cli-progress';
import { systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { parseMappingSpec, parseTypeMapSpec } from './domain/incident-rows.ts';
import { importIncidentsFile, type OutsidePolicy } from './import.service.ts';

/** Runs an import from CLI flags; prints progress and the report; returns the exit code. */
export async function importIncidentsCommand(
  services: CoreServices,
  file: string,
  flags: Record<string, string | undefined>,
): Promise<number> {
  const outside = (flags.outside ?? 'keep') as OutsidePolicy;
  if (outside !== 'keep' && outside !== 'reject') {
    console.error('--outside must be keep or reject');
    return 1;
  }
  const bar = new SingleBar({
    format: '{phase} [{bar}] {percentage}% | {value}/{total} rows',
    hideCursor: true,
  });
  let phase = '';
  const report = await importIncidentsFile(services, systemActor('cli'), file, {
    mapping: parseMappingSpec(flags.map ?? ''),
    typeMap: parseTypeMapSpec(flags.typeMap),
    timeZone: flags.timeZone ?? 'UTC',
    outside,
    ...(flags.maxRejected !== undefined ? { maxRejected: Number(flags.maxRejected) } : {}),
    onProgress: (p, done, total) => {
      if (p !== phase) {
        if (phase) bar.stop();
        phase = p;
        bar.start(total, done, { phase: p === 'read' ? 'Checking' : 'Writing ' });
      } else bar.update(done);
    },
  });
  if (phase) bar.stop();
  for (const r of report.rejected.slice(0, 50)) console.log(`  line ${r.line}: ${r.reason}`);
  if (report.rejected.length > 50) console.log(`  … and ${report.rejected.length - 50} more rejected rows`);
  if (report.aborted) {
    console.log(`Nothing imported: ${report.rejected.length} rows rejected (more than --max-rejected).`);
    return 2;
  }
  console.log(
    `Imported ${report.imported} incidents (${report.outside} outside the served area, stored without a jurisdiction); ${report.rejected.length} rows rejected. Batch ${report.batchId}.`,
  );
  return 0;
}
