import { startConsumer } from '../../core/events/consumer.ts';
import type { HavenEventType } from '../../core/events/event-map.ts';
import type { HavenModule } from '../../core/module.ts';
import { registerAdminRoutes } from './admin.routes.ts';
import { type Clock, systemClock } from './clock.ts';
import { seedGridDemo } from './demo.ts';
import { gridDeps } from './deps.ts';
import { purgeReporterContacts, runGridJobs } from './jobs.ts';
import { registerOpen311Routes } from './open311.routes.ts';
import { gridPermissions } from './permissions.ts';
import { MAX_PHOTO_BYTES } from './photos.ts';
import { registerPublicRoutes } from './public.routes.ts';
import { DISPATCH_REFERRAL, fileReferral } from './referral.consumer.ts';
import { registerStaffRoutes } from './staff.routes.ts';
import { registerWorkerRoutes } from './worker.routes.ts';
import './events.ts';

/** Options of the grid module (tests pass a manual clock and switch the job timer off). */
export interface GridModuleOptions {
  clock?: Clock;
  /** How often reminders, escalations, auto-close and retention run; 0 = never (call runGridJobs). */
  jobIntervalMs?: number;
}

/** Builds the community grid module: service requests, routing, deadlines, Open311. */
export function createGridModule(opts: GridModuleOptions = {}): HavenModule {
  const clock = opts.clock ?? systemClock;
  const interval = opts.jobIntervalMs ?? 60_000;
  return {
    name: 'grid',
    permissions: gridPermissions,
    retention: [{ name: 'grid_requests', purge: purgeReporterContacts }],
    routes: async (app, services) => {
      const deps = gridDeps(services, clock);
      // Raw photo uploads (image/* bodies); the bytes are checked by the domain photo check.
      app.addContentTypeParser(
        /^image\//i,
        { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES + 1024 },
        (_req, body, done) => done(null, body),
      );
      await registerStaffRoutes(app, deps);
      await registerAdminRoutes(app, deps);
      await registerWorkerRoutes(app, deps);
      await registerPublicRoutes(app, deps);
      await registerOpen311Routes(app, deps);
    },
    start: async (services) => {
      const deps = gridDeps(services, clock);
      const stopConsumer = startConsumer(
        services.database,
        services.relay,
        'grid:dispatch-referrals',
        // Dispatch owns this event type; it is handled by name whether or not it is declared yet.
        [DISPATCH_REFERRAL as HavenEventType],
        async (tx, event) => {
          await fileReferral(tx, deps, event);
        },
        (err) => services.log.error(err, 'grid: dispatch referral consumer failed'),
      );
      let current: Promise<unknown> | null = null;
      const tick = () => {
        current ??= runGridJobs(deps, clock())
          .catch((err: unknown) => services.log.error(err, 'grid: scheduled jobs failed'))
          .finally(() => {
            current = null;
          });
      };
      const timer = interval > 0 ? setInterval(tick, interval) : null;
      timer?.unref();
      if (interval > 0) tick();
      return async () => {
        if (timer) clearInterval(timer);
        stopConsumer();
        await current;
      };
    },
    seedDemo: (services) => seedGridDemo(gridDeps(services, clock)),
  };
}

/** The grid module with the wall clock and a one-minute job timer. */
export const gridModule: HavenModule = createGridModule();
