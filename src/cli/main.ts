import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { sql } from 'kysely';
import { resetDemo } from '../app/demo.ts';
import { modules } from '../app/modules.ts';
import { openServices, startNode } from '../app/node.ts';
import { sealAudit } from '../core/audit/seal-audit.ts';
import { verifyAudit } from '../core/audit/verify-audit.ts';
import { ConfigError, configVariables, type HavenConfig, loadConfig } from '../core/config/config.ts';
import { pgArray } from '../core/db/sql-values.ts';
import { HavenError } from '../core/errors.ts';
import { systemActor } from '../core/identity/actor.ts';
import { createUser } from '../core/identity/user.service.ts';
import { importBoundaries } from '../core/jurisdictions/import-boundaries.ts';
import { purgeExpired } from '../core/privacy/retention.ts';
import { evaluateWarningsCommand, importIncidentsCommand } from '../modules/analysis/index.ts';
import { simulateOn } from '../modules/dispatch/index.ts';
import { importRequestsCommand } from '../modules/grid/index.ts';
import { importRoadsFromFile } from '../modules/routing/index.ts';

type Flags = Record<string, string | undefined>;

// Set by environment only: the import commands' --time-zone names the zone of a file's times.
const ENV_ONLY = new Set<string>(['HAVEN_TIME_ZONE']);
const flagVariables = () => Object.entries(configVariables).filter(([name]) => !ENV_ONLY.has(name));

/** Environment first, flags override: `--port 9000` is HAVEN_PORT=9000. */
function configFrom(flags: Flags): HavenConfig {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [name] of flagVariables()) {
    const flag = name
      .replace(/^HAVEN_/, '')
      .toLowerCase()
      .replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (flags[flag] !== undefined) env[name] = String(flags[flag]);
  }
  return loadConfig(env);
}

function withConfigFlags(cmd: Command): Command {
  for (const [name, help] of flagVariables()) {
    const flag = name
      .replace(/^HAVEN_/, '')
      .toLowerCase()
      .replace(/_/g, '-');
    cmd.addOption(new Option(`--${flag} <value>`, `${help} [env ${name}]`));
  }
  return cmd;
}

async function withServices<T>(
  flags: Flags,
  work: (s: Awaited<ReturnType<typeof openServices>>) => Promise<T>,
) {
  const services = await openServices(configFrom(flags));
  try {
    return await work(services);
  } finally {
    await services.database.close();
  }
}

const program = new Command('haven').description('Haven: open public-safety operations platform');

withConfigFlags(program.command('start').description('Serve the API, live events, web app and jobs')).action(
  async (flags: Flags) => {
    const node = await startNode(configFrom(flags));
    console.log(`Haven is running at ${node.url}`);
    const stop = async () => {
      await node.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
);

withConfigFlags(program.command('migrate').description('Apply pending database migrations')).action(
  async (flags: Flags) => {
    await withServices(flags, async () => console.log('Migrations applied.'));
  },
);

withConfigFlags(program.command('demo').description('Load the demo county and users'))
  .option('--reset', 'empty the database (except the audit log) and load the demo again')
  .action(async (flags: Flags & { reset?: boolean }) => {
    if (!flags.reset) {
      console.log('The demo loads by itself into an empty database at start; use --reset to reload it.');
      return;
    }
    await withServices(flags, async (s) => {
      await resetDemo(s, modules);
      console.log(
        'Demo data reloaded. Demo users: supervisor, calltaker, dispatcher, unit, … (password haven-demo)',
      );
    });
  });

const importCmd = program.command('import').description('Import data in open formats');
withConfigFlags(
  importCmd.command('boundaries <file>').description('Import jurisdictions from a GeoJSON FeatureCollection'),
)
  .requiredOption('--code <property>', 'feature property holding the administrative code')
  .requiredOption('--name-zh <property>', 'property holding the Chinese name')
  .option('--name-en <property>', 'property holding the English name (defaults to the Chinese name)')
  .option('--level <level>', 'level of every feature: county|township|village|grid')
  .option('--level-property <property>', "property holding each feature's level")
  .option('--parent-code <code>', 'code of the existing parent of every feature')
  .option('--parent-code-property <property>', "property holding each feature's parent code")
  .action(async (file: string, flags: Flags) => {
    await withServices(flags, async (s) => {
      const collection = JSON.parse(readFileSync(file, 'utf8'));
      const mapping = {
        code: flags.code!,
        nameZh: flags.nameZh!,
        ...(flags.nameEn ? { nameEn: flags.nameEn } : {}),
        ...(flags.level ? { level: flags.level as 'county' } : {}),
        ...(flags.levelProperty ? { levelProperty: flags.levelProperty } : {}),
        ...(flags.parentCode ? { parentCode: flags.parentCode } : {}),
        ...(flags.parentCodeProperty ? { parentCodeProperty: flags.parentCodeProperty } : {}),
      };
      const res = await importBoundaries(s.database, systemActor('cli'), collection, mapping);
      console.log(`Imported ${res.imported} jurisdictions.`);
    });
  });

// --- analysis: historical incident import (src/modules/analysis/import.command.ts) ---
withConfigFlags(
  importCmd
    .command('incidents <file>')
    .description('Import historical incidents from a CSV file (.csv or .csv.gz)'),
)
  .requiredOption('--map <spec>', 'columns: time=COL,lat=COL,lon=COL,type=COL|=CODE[,category=COL]')
  .option('--type-map <spec>', 'source type to Haven type code: "a=x.y,b=x.z"')
  .option('--time-zone <zone>', 'IANA zone of times without an offset', 'UTC')
  .option('--outside <policy>', 'rows outside the served area: keep (null jurisdiction) | reject', 'keep')
  .option('--max-rejected <n>', 'import nothing when more rows than this are rejected')
  .action(async (file: string, flags: Flags) => {
    await withServices(flags, async (s) => {
      process.exitCode = await importIncidentsCommand(s, file, flags);
    });
  });

// --- analysis: evaluation of the early-warning detectors (src/modules/analysis/evaluate.command.ts) ---
const analysisCmd = program.command('analysis').description('Situation analysis tools');
withConfigFlags(
  analysisCmd
    .command('evaluate')
    .description(
      'Replay imported incidents day by day through the early-warning detectors, with injected synthetic clusters; report detection delay and false alarms per month (JSON)',
    ),
)
  .requiredOption('--from <date>', 'first replayed day (YYYY-MM-DD, UTC days as the job)')
  .requiredOption('--to <date>', 'last replayed day')
  .option('--jurisdiction <path>', 'only incidents in this jurisdiction (ltree path)')
  .option('--bbox <w,s,e,n>', 'only incidents in this box (WGS84)')
  .option('--methods <list>', 'scan,ewma', 'scan,ewma')
  .option('--inject <n>', 'synthetic clusters to inject', '3')
  .option('--cases-per-day <n>', 'mean injected cases a day per cluster', '4')
  .option('--duration <days>', 'days each cluster lasts', '5')
  .option('--radius <k>', 'H3 rings each cluster spreads over', '0')
  .option('--resolution <r>', 'H3 resolution of the detectors', '8')
  .option('--replicates <n>', 'scan Monte-Carlo replicates', '99')
  .option('--scan-recurrence <days>', 'scan alarm threshold (recurrence interval, days)', '100')
  .option('--ewma-recurrence <days>', 'EWMA alarm threshold (recurrence interval, days)', '30')
  .option('--lambda <l>', 'EWMA weight of the newest hour')
  .option('--seed <n>', 'seed of the injections and permutations', '1')
  .option('--out <file>', 'write the JSON report here and print a summary')
  .action(async (flags: Flags) => {
    await withServices(flags, async (s) => {
      process.exitCode = await evaluateWarningsCommand(s, flags);
    });
  });
// --- end analysis ---

// --- grid: historical service requests (src/modules/grid/import.service.ts) ---
withConfigFlags(
  importCmd
    .command('requests <file>')
    .description('Import historical service requests from a CSV file (.csv or .csv.gz)'),
)
  .requiredOption('--map <mapping>', 'a preset (boston), a JSON CsvImportSpec file, or field=COLUMN pairs')
  .option('--jurisdiction <code>', 'jurisdiction for rows without a location or outside every jurisdiction')
  .option('--create-types', 'create unknown request types (staff-only) and departments')
  .option('--date-format <format>', 'with field=COLUMN pairs: iso8601 | mdy_12h | mdy_24h | dmy_24h')
  .option('--time-zone <zone>', 'with field=COLUMN pairs: IANA zone of times without an offset')
  .option('--id-prefix <prefix>', 'prefix of the public ids of imported requests (default IMP-)')
  .action(async (file: string, flags: Flags & { createTypes?: boolean }) => {
    await withServices(flags, async (s) => {
      console.log(await importRequestsCommand(s, file, { ...flags, map: flags.map! }));
    });
  });
// --- end grid ---

const userCmd = program.command('user').description('Manage users');
withConfigFlags(userCmd.command('add <username>').description('Create a user'))
  .requiredOption('--password-value <password>', 'the password (at least 8 characters)')
  .requiredOption('--roles <roles>', 'comma-separated roles, e.g. dispatcher,supervisor')
  .option('--display-name <name>', 'display name')
  .option('--jurisdictions <codes>', 'comma-separated jurisdiction codes (default: every root)')
  .action(async (username: string, flags: Flags) => {
    await withServices(flags, async (s) => {
      const codes = flags.jurisdictions?.split(',').map((c) => c.trim()) ?? null;
      const res = await sql<{ id: string }>`SELECT id FROM jurisdictions
        WHERE (${pgArray(codes)}::text[] IS NULL AND parent_id IS NULL) OR code = ANY(${pgArray(codes)}::text[])`.execute(
        s.database.db,
      );
      const user = await createUser(s.database, systemActor('cli'), {
        username,
        displayName: flags.displayName ?? username,
        password: flags.passwordValue!,
        roles: flags.roles!.split(',').map((r) => r.trim()),
        jurisdictionIds: res.rows.map((r) => r.id),
      });
      console.log(`Created user ${user.username} (${user.id}).`);
    });
  });

withConfigFlags(
  program.command('purge').description('Erase personal fields of records closed before the retention period'),
).action(async (flags: Flags) => {
  await withServices(flags, async (s) => {
    const purged = await purgeExpired(
      s.database,
      modules.flatMap((m) => m.retention ?? []),
      s.config.retentionDays,
    );
    console.log(`Purged: ${JSON.stringify(purged)}`);
  });
});

const auditCmd = program.command('audit').description('Audit log');
withConfigFlags(
  auditCmd.command('verify').description('Check the hash chain; report the first broken link'),
).action(async (flags: Flags) => {
  await withServices(flags, async (s) => {
    await sealAudit(s.database);
    const r = await verifyAudit(s.database);
    if (r.ok) console.log(`Audit chain intact: ${r.rows} rows verified, ${r.unsealed} being sealed.`);
    else {
      console.log(
        `Audit chain BROKEN at row ${r.firstBroken!.id} (${r.firstBroken!.reason}) after ${r.rows - 1} good rows.`,
      );
      process.exitCode = 2;
    }
  });
});

// --- Dispatch and routing (issue 3): road-network import and the call/unit simulator ---
withConfigFlags(
  importCmd
    .command('roads <file>')
    .description('Import an OpenStreetMap road network (.osm.pbf or .osm XML)'),
).action(async (file: string, flags: Flags) => {
  await withServices(flags, async (s) => {
    const r = await importRoadsFromFile(s.database, systemActor('cli'), file);
    console.log(
      `Road graph version ${r.info.version}: ${r.info.nodes} nodes, ${r.info.edges} edges ` +
        `(${r.report.droppedComponents} disconnected pieces dropped) in ${r.seconds.toFixed(1)} s.`,
    );
  });
});

withConfigFlags(
  program.command('simulate').description('Drive simulated calls and unit movements through the services'),
)
  .option('--calls-per-minute <n>', 'mean calls per minute', '5')
  .option('--minutes <m>', 'minutes of calls', '10')
  .option('--seed <n>', 'random seed (same seed, same calls)', '1')
  .option('--speed <x>', 'time compression of unit movements and scene times', '1')
  .action(async (flags: Flags) => {
    const num = (name: string, v: string | undefined, min: number, max: number) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max)
        throw new ConfigError(`--${name} must be from ${min} to ${max}`);
      return n;
    };
    const opts = {
      callsPerMinute: num('calls-per-minute', flags.callsPerMinute, 0.01, 10_000),
      minutes: num('minutes', flags.minutes, 0.1, 24 * 60),
      seed: num('seed', flags.seed, 0, 2 ** 31),
      speed: num('speed', flags.speed, 0.1, 100),
    };
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    await withServices(flags, async (s) => {
      const report = await simulateOn(s, { ...opts, signal: abort.signal, log: (l) => console.log(l) });
      console.log(`Simulation done: ${JSON.stringify(report)}`);
    });
  });
// --- end dispatch and routing ---

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else if (err instanceof HavenError) {
    console.error(`Error: ${err.message}`);
    for (const e of (err.extra.errors as { path: string; message: string }[] | undefined) ?? []) {
      console.error(`  ${e.path}: ${e.message}`);
    }
  } else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
