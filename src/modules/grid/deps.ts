import type { HavenConfig } from '../../core/config/config.ts';
import type { Database } from '../../core/db/database.ts';
import type { JurisdictionDirectory } from '../../core/jurisdictions/jurisdiction-directory.ts';
import type { CoreServices } from '../../core/module.ts';
import { type Clock, systemClock } from './clock.ts';

/** What the grid services need from the core, plus the clock they read time from. */
export interface GridDeps {
  database: Database;
  jurisdictions: JurisdictionDirectory;
  config: HavenConfig;
  log: CoreServices['log'];
  clock: Clock;
}

/** Grid dependencies from the core services; `clock` defaults to the wall clock. */
export function gridDeps(services: CoreServices, clock: Clock = systemClock): GridDeps {
  return {
    database: services.database,
    jurisdictions: services.jurisdictions,
    config: services.config,
    log: services.log,
    clock,
  };
}
