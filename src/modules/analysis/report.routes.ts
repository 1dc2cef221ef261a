// HTTP routes of situation reports: the PDF on demand, the schedules and the archive of reports
// the scheduled job produced (the HTML report on demand is in routes.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, Strict } from '../../core/http/schemas.ts';
import type { CoreServices } from '../../core/module.ts';
import { ANALYSIS_READ } from './permissions.ts';
import { situationReportPdf } from './report-pdf.ts';
import {
  archivedReport,
  createSchedule,
  deleteSchedule,
  listArchivedReports,
  listSchedules,
} from './report-schedule.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Period = Type.Union([Type.Literal('week'), Type.Literal('month')]);
const Lang = Type.Union([Type.Literal('en'), Type.Literal('zh-CN')]);

/** Registers the PDF report, schedule and archive routes. */
export function reportRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: { permission: ANALYSIS_READ } } as const;
  const db = services.database;
  r.get(
    '/api/analysis/reports/situation.pdf',
    {
      config: read,
      schema: {
        querystring: Strict({
          period: Period,
          asOf: Day,
          jurisdiction: Type.Optional(Type.String({ maxLength: 500 })),
          tz: Type.Optional(Type.String({ maxLength: 64 })),
          lang: Type.Optional(Lang),
        }),
      },
    },
    async (req, reply) => {
      const pdf = await situationReportPdf(db, req.actor, req.query, new Date(), {
        warn: (m) => services.log.warn(m),
      });
      reply.header('content-type', 'application/pdf');
      reply.header(
        'content-disposition',
        `inline; filename="haven-situation-${req.query.period}-${req.query.asOf}.pdf"`,
      );
      return reply.send(pdf);
    },
  );
  r.get('/api/analysis/reports/schedules', { config: read, schema: { querystring: Strict({}) } }, (req) =>
    listSchedules(db, req.actor),
  );
  r.post(
    '/api/analysis/reports/schedules',
    {
      config: read,
      schema: {
        body: Strict({
          period: Period,
          jurisdiction: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          lang: Type.Optional(Lang),
        }),
      },
    },
    async (req, reply) => {
      const created = await createSchedule(db, req.actor, req.body);
      return reply.status(201).send(created);
    },
  );
  r.delete(
    '/api/analysis/reports/schedules/:id',
    { config: read, schema: { params: IdParams } },
    async (req, reply) => {
      await deleteSchedule(db, req.actor, req.params.id);
      return reply.status(204).send();
    },
  );
  r.get('/api/analysis/reports/archive', { config: read, schema: { querystring: Strict({}) } }, (req) =>
    listArchivedReports(db, req.actor),
  );
  r.get(
    '/api/analysis/reports/archive/:id/:format',
    {
      config: read,
      schema: {
        params: Strict({
          id: Type.String({ format: 'uuid' }),
          format: Type.Union([Type.Literal('report.html'), Type.Literal('report.pdf')]),
        }),
      },
    },
    async (req, reply) => {
      const format = req.params.format === 'report.pdf' ? 'pdf' : 'html';
      const r = await archivedReport(db, req.actor, req.params.id, format);
      reply.header('content-type', r.contentType);
      reply.header('content-disposition', `inline; filename="${r.fileName}"`);
      return reply.send(r.body);
    },
  );
}
