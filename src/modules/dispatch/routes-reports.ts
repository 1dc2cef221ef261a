import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { CoreServices } from '../../core/module.ts';
import { dispatchContext } from './context.ts';
import { coverage } from './coverage.service.ts';
import { P } from './permissions.ts';
import { exportIncidents, incidentsCsv, responseTimeReport, supervisorWall } from './report.service.ts';
import { CoverageQuery, ExportQuery, ResponseTimesQuery } from './schemas.ts';

/** Coverage layer, supervisor wall, export and the response-time report. */
export function reportRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = () => dispatchContext(services);
  r.get(
    '/api/dispatch/coverage',
    { config: { access: { permission: P.unitsRead } }, schema: { querystring: CoverageQuery } },
    async (request) => coverage(await ctx(), request.actor, request.query),
  );
  r.get('/api/dispatch/wall', { config: { access: { permission: P.incidentsRead } } }, async (request) =>
    supervisorWall(await ctx(), request.actor),
  );
  r.get(
    '/api/dispatch/export',
    { config: { access: { permission: P.reportsRead } }, schema: { querystring: ExportQuery } },
    async (request, reply) => {
      const items = await exportIncidents(await ctx(), request.actor, request.query);
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="incidents.csv"')
          .send(incidentsCsv(items));
      }
      return { items };
    },
  );
  r.get(
    '/api/dispatch/reports/response-times',
    { config: { access: { permission: P.reportsRead } }, schema: { querystring: ResponseTimesQuery } },
    async (request) => responseTimeReport(await ctx(), request.actor, request.query.date),
  );
}
