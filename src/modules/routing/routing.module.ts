import { systemActor } from '../../core/identity/actor.ts';
import type { HavenModule } from '../../core/module.ts';
import { storeDemoNetwork } from './import-roads.ts';
import { latestGraphInfo } from './road-graph.store.ts';
import { roadNetworkOf } from './road-network.ts';
import { routingRoutes } from './routes.ts';
import { ROUTING_READ } from './routing-events.ts';

/** The routing module: road graph in the database, loaded per node, routes and travel times. */
export const routingModule: HavenModule = {
  name: 'routing',
  permissions: [
    {
      permission: ROUTING_READ,
      description: 'See the road graph status and ask for driving routes',
      roles: ['call_taker', 'dispatcher', 'supervisor', 'unit'],
    },
  ],
  routes: routingRoutes,
  async start(services) {
    const network = roadNetworkOf(services.database);
    await network.reload();
    const unsubscribe = services.relay.subscribe((e) => {
      if (e.type === 'routing.graph.changed') {
        network.reload().catch((err: unknown) => services.log.error(err, 'road graph reload failed'));
      }
    });
    return async () => {
      unsubscribe();
    };
  },
  async seedDemo(services) {
    if ((await latestGraphInfo(services.database)) !== null) return;
    await storeDemoNetwork(services.database, systemActor('demo'));
    await roadNetworkOf(services.database).reload();
  },
};
