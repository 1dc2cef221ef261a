import type { FastifyInstance } from 'fastify';
import type { HavenConfig } from './config/config.ts';
import type { Database } from './db/database.ts';
import type { EventRelay } from './events/relay.ts';
import type { AreaLayers } from './geo/area-layers.ts';
import type { PermissionGrant } from './identity/permissions.ts';
import type { JurisdictionDirectory } from './jurisdictions/jurisdiction-directory.ts';
import type { RetentionRule } from './privacy/retention.ts';

/** What the core hands every module. */
export interface CoreServices {
  config: HavenConfig;
  database: Database;
  relay: EventRelay;
  jurisdictions: JurisdictionDirectory;
  /** Areas one module provides for others to look points up in (patrol beats in force). */
  areas: AreaLayers;
  log: { info(msg: string): void; warn(msg: string): void; error(obj: unknown, msg?: string): void };
}

/**
 * A domain module as the core sees it: permissions it adds, routes it serves, background work it
 * runs on every node (jobs must be safe with several nodes), and demo data it can add.
 */
export interface HavenModule {
  name: string;
  permissions?: readonly PermissionGrant[];
  routes?(app: FastifyInstance, services: CoreServices): Promise<void> | void;
  /** Starts listeners and jobs; returns the function that stops them. */
  start?(services: CoreServices): Promise<() => Promise<void>>;
  /** Erasure of personal fields of closed records after HAVEN_RETENTION_DAYS (hourly job). */
  retention?: readonly RetentionRule[];
  /** Adds deterministic demo data after the core's demo county exists. */
  seedDemo?(services: CoreServices): Promise<void>;
}
