import type { HavenModule } from '../core/module.ts';
import { analysisModule } from '../modules/analysis/index.ts';
import { dispatchModule } from '../modules/dispatch/index.ts';
import { gridModule } from '../modules/grid/index.ts';
import { patrolModule } from '../modules/patrol/index.ts';
import { routingModule } from '../modules/routing/index.ts';

/** The domain modules this build of Haven runs, in start order. */
export const modules: readonly HavenModule[] = [
  routingModule,
  dispatchModule,
  analysisModule,
  gridModule,
  patrolModule,
];
