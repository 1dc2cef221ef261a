import type { FastifyInstance } from 'fastify';
import { startAuditSealer } from '../core/audit/seal-audit.ts';
import type { HavenConfig } from '../core/config/config.ts';
import { type Database, openDatabase } from '../core/db/database.ts';
import { migrate, withStartupLock } from '../core/db/migrate.ts';
import { EventRelay } from '../core/events/relay.ts';
import { AreaLayers } from '../core/geo/area-layers.ts';
import { buildApp } from '../core/http/app.ts';
import { systemActor } from '../core/identity/actor.ts';
import { definePermissions } from '../core/identity/permissions.ts';
import { ensureFirstAdmin } from '../core/identity/user.service.ts';
import { JurisdictionDirectory } from '../core/jurisdictions/jurisdiction-directory.ts';
import type { CoreServices, HavenModule } from '../core/module.ts';
import { startRetentionJob } from '../core/privacy/retention.ts';
import { isEmpty, seedDemo } from './demo.ts';
import { modules as allModules } from './modules.ts';

const consoleLog: CoreServices['log'] = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (o, m) => console.error(m ?? '', o),
};

/** Opens the database, applies migrations and wires the core services (no HTTP yet). */
export async function openServices(config: HavenConfig, log = consoleLog): Promise<CoreServices> {
  const database: Database = await openDatabase(config);
  await migrate(database);
  const relay = new EventRelay(database);
  const jurisdictions = new JurisdictionDirectory(database);
  return { config, database, relay, jurisdictions, areas: new AreaLayers(), log };
}

export interface RunningNode {
  app: FastifyInstance;
  services: CoreServices;
  url: string;
  stop(): Promise<void>;
}

/** Starts one Haven node: migrate, seed demo data on an empty database, serve HTTP and jobs. */
export async function startNode(
  config: HavenConfig,
  modules: readonly HavenModule[] = allModules,
  log = consoleLog,
): Promise<RunningNode> {
  const services = await openServices(config, log);
  for (const m of modules) if (m.permissions) definePermissions(m.permissions);
  const admin = await withStartupLock(services.database, async () => {
    if (config.demo && (await isEmpty(services))) {
      log.info('Empty database: loading the demo county (haven demo --reset reloads it).');
      await seedDemo(services, modules);
    }
    return ensureFirstAdmin(services.database, systemActor('bootstrap'), config.adminPassword);
  });
  if (admin.generatedPassword) {
    log.info(
      `First admin created: user "admin", password "${admin.generatedPassword}" (shown once; change it).`,
    );
  }
  await services.jurisdictions.reload();
  await services.relay.start();
  const stopJurisdictionWatch = services.relay.subscribe((e) => {
    if (e.type === 'jurisdiction.created' || e.type === 'jurisdiction.updated') {
      void services.jurisdictions.refreshOne((e.payload as { id: string }).id).catch(() => undefined);
    }
  });
  const stoppers: (() => Promise<void>)[] = [];
  const stopRetention = startRetentionJob(
    services.database,
    modules.flatMap((m) => m.retention ?? []),
    config.retentionDays,
    (err) => log.error(err, 'retention purge failed'),
  );
  stoppers.push(async () => stopRetention());
  stoppers.push(startAuditSealer(services.database, (err) => log.error(err, 'audit sealing failed')));
  for (const m of modules) if (m.start) stoppers.push(await m.start(services));
  const app = await buildApp(services, modules);
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  return {
    app,
    services,
    url,
    stop: async () => {
      stopJurisdictionWatch();
      for (const s of stoppers.reverse()) await s();
      await app.close();
      await services.relay.stop();
      await services.database.close();
    },
  };
}
