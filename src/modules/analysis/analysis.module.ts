// The analysis module as the core sees it: permissions, routes, the dispatch consumer and the
// early-warning timer.
import type { HavenModule } from '../../core/module.ts';
import { capRoutes } from './cap.routes.ts';
import { seedAnalysisDemo } from './demo-data.ts';
import { startDispatchConsumer } from './dispatch.consumer.ts';
import './events.ts';
import { analysisPermissions } from './permissions.ts';
import { startReportTimer } from './report-schedule.ts';
import { analysisRoutes } from './routes.ts';
import { startWarningTimer } from './warning.job.ts';

/** Situation analysis and public warning. */
export const analysisModule: HavenModule = {
  name: 'analysis',
  permissions: analysisPermissions,
  routes(app, services) {
    analysisRoutes(app, services);
    capRoutes(app, services);
  },
  async start(services) {
    const stopConsumer = startDispatchConsumer(services);
    const stopTimer = startWarningTimer(services);
    const stopReports = startReportTimer(services);
    return async () => {
      stopConsumer();
      stopTimer();
      stopReports();
    };
  },
  async seedDemo(services) {
    await seedAnalysisDemo(services);
  },
};
