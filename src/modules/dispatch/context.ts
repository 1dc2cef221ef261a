import type { Database } from '../../core/db/database.ts';
import type { AreaLayers } from '../../core/geo/area-layers.ts';
import type { JurisdictionDirectory } from '../../core/jurisdictions/jurisdiction-directory.ts';
import type { CoreServices } from '../../core/module.ts';
import { type RoadNetwork, roadNetworkOf } from '../routing/index.ts';
import { type CatalogueStore, catalogueOf } from './catalogue.service.ts';

/** What the dispatch use cases need from the node: database, catalogue, jurisdictions, roads. */
export interface DispatchContext {
  database: Database;
  catalogue: CatalogueStore;
  jurisdictions: JurisdictionDirectory;
  /** Areas other modules publish (patrol beats in force), looked up from memory. */
  areas: AreaLayers;
  network: RoadNetwork;
  retentionDays: number;
  /** Zone of wall-clock shift times and daily reports (the node's HAVEN_TIME_ZONE). */
  timeZone: string;
}

/** The dispatch context of a node, from the core services (catalogue and graph loaded). */
export async function dispatchContext(services: CoreServices): Promise<DispatchContext> {
  const catalogue = await catalogueOf(services.database).ready();
  const network = await roadNetworkOf(services.database).ready();
  return {
    database: services.database,
    catalogue,
    jurisdictions: services.jurisdictions,
    areas: services.areas,
    network,
    retentionDays: services.config.retentionDays,
    timeZone: services.config.timeZone,
  };
}
