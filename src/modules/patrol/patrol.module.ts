// The patrol module as the core sees it: permissions, routes, demo data; design runs stop with it.
import type { HavenModule } from '../../core/module.ts';
import { startBeatLayer } from './beat-layer.ts';
import { seedPatrolDemo } from './demo.ts';
import { startAbandonedRunSweep, stopDesignRuns } from './design-runner.ts';
import './events.ts';
import { patrolPermissions } from './permissions.ts';
import { positionsRetention, startPositionsConsumer } from './positions.consumer.ts';
import { patrolRoutes } from './routes.ts';

/** Patrol planning: beat design, publication, plans, routes and check-in compliance. */
export const patrolModule: HavenModule = {
  name: 'patrol',
  permissions: patrolPermissions,
  routes: patrolRoutes,
  async start(services) {
    const stopSweep = startAbandonedRunSweep(services);
    const stopPositions = startPositionsConsumer(services);
    const stopBeats = await startBeatLayer(services);
    return async () => {
      await stopBeats();
      stopSweep();
      stopPositions();
      await stopDesignRuns();
    };
  },
  retention: [positionsRetention],
  seedDemo: seedPatrolDemo,
};
