import type { HavenModule } from '../../core/module.ts';
import { catalogueOf, ensureDefaultCatalogue } from './catalogue.service.ts';
import { dispatchContext } from './context.ts';
import './dispatch-events.ts';
import { seedDemoDispatch } from './demo-data.ts';
import { callerRetention, startJobs } from './jobs.ts';
import { dispatchPermissions } from './permissions.ts';
import { callRoutes } from './routes-calls.ts';
import { incidentRoutes } from './routes-incidents.ts';
import { reportRoutes } from './routes-reports.ts';
import { unitRoutes } from './routes-units.ts';

/** Command and dispatch: calls, incidents, units, recommendations, timers and reports. */
export const dispatchModule: HavenModule = {
  name: 'dispatch',
  permissions: dispatchPermissions,
  retention: [callerRetention],
  routes(app, services) {
    callRoutes(app, services);
    incidentRoutes(app, services);
    unitRoutes(app, services);
    reportRoutes(app, services);
  },
  async start(services) {
    await ensureDefaultCatalogue(services.database);
    const ctx = await dispatchContext(services);
    const catalogue = catalogueOf(services.database);
    const unsubscribe = services.relay.subscribe((e) => {
      if (e.type === 'dispatch.catalogue.changed') {
        catalogue.reload().catch((err: unknown) => services.log.error(err, 'catalogue reload failed'));
      }
    });
    const stopJobs = startJobs(ctx, services.log);
    return async () => {
      unsubscribe();
      await stopJobs();
    };
  },
  async seedDemo(services) {
    await ensureDefaultCatalogue(services.database);
    await seedDemoDispatch(await dispatchContext(services));
  },
};
