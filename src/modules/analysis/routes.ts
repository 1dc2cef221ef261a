// HTTP routes of the analysis module (staff): statistics, CSV export, hotspots, density, Knox.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Strict } from '../../core/http/schemas.ts';
import { levels } from '../../core/jurisdictions/jurisdiction-rules.ts';
import type { CoreServices } from '../../core/module.ts';
import { choropleth } from './choropleth.service.ts';
import type { IncidentFilter } from './filters.ts';
import { hotspots, kernelDensity, knox } from './hotspot.service.ts';
import { ANALYSIS_READ } from './permissions.ts';
import { reportRoutes } from './report.routes.ts';
import { situationReportHtml } from './report.service.ts';
import { statsCsv, statsSummary } from './stats.service.ts';
import { listWarnings } from './warning.job.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const FilterQuery = {
  from: Day,
  to: Day,
  types: Type.Optional(Type.String({ maxLength: 2000 })),
  categories: Type.Optional(Type.String({ maxLength: 2000 })),
  jurisdiction: Type.Optional(Type.String({ maxLength: 500 })),
  beats: Type.Optional(Type.String({ maxLength: 2000 })),
  tz: Type.Optional(Type.String({ maxLength: 64 })),
};

type FilterParams = {
  from: string;
  to: string;
  types?: string;
  categories?: string;
  jurisdiction?: string;
  beats?: string;
  tz?: string;
};

function toFilter(q: FilterParams): IncidentFilter {
  const list = (s: string | undefined) =>
    s
      ? s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : undefined;
  return {
    from: q.from,
    to: q.to,
    types: list(q.types),
    categories: list(q.categories),
    jurisdiction: q.jurisdiction,
    beats: list(q.beats),
    tz: q.tz,
  };
}

const numbers = (s: string) => s.split(',').map(Number);

/** Registers the statistics and hotspot routes. */
export function analysisRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: { permission: ANALYSIS_READ } } as const;
  const db = services.database;
  r.get('/api/analysis/stats', { config: read, schema: { querystring: Strict(FilterQuery) } }, (req) =>
    statsSummary(db, req.actor, toFilter(req.query)),
  );
  r.get(
    '/api/analysis/stats.csv',
    {
      config: read,
      schema: {
        querystring: Strict({
          ...FilterQuery,
          table: Type.Union([Type.Literal('daily'), Type.Literal('types')]),
        }),
      },
    },
    async (req, reply) => {
      const summary = await statsSummary(db, req.actor, toFilter(req.query));
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header(
        'content-disposition',
        `attachment; filename="haven-${req.query.table}-${req.query.from}-${req.query.to}.csv"`,
      );
      return statsCsv(summary, req.query.table);
    },
  );
  r.get(
    '/api/analysis/choropleth',
    {
      config: read,
      schema: {
        querystring: Strict({
          ...FilterQuery,
          level: Type.Union(levels.map((l) => Type.Literal(l))),
        }),
      },
    },
    (req) => {
      const { level, ...f } = req.query;
      return choropleth(db, req.actor, toFilter(f), level);
    },
  );
  r.get(
    '/api/analysis/hotspots',
    {
      config: read,
      schema: {
        querystring: Strict({
          ...FilterQuery,
          resolution: Type.Optional(Type.Integer({ minimum: 5, maximum: 9 })),
          k: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
          alpha: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 0.5 })),
          significantOnly: Type.Optional(Type.Boolean()),
        }),
      },
    },
    (req) => {
      const { resolution, k, alpha, significantOnly, ...f } = req.query;
      return hotspots(db, req.actor, toFilter(f), { resolution, k, alpha, significantOnly });
    },
  );
  r.get(
    '/api/analysis/density',
    {
      config: read,
      schema: {
        querystring: Strict({
          ...FilterQuery,
          resolution: Type.Optional(Type.Integer({ minimum: 6, maximum: 9 })),
          bandwidthM: Type.Optional(Type.Number({ minimum: 50, maximum: 5000 })),
        }),
      },
    },
    (req) => {
      const { resolution, bandwidthM, ...f } = req.query;
      return kernelDensity(db, req.actor, toFilter(f), { resolution, bandwidthM });
    },
  );
  r.get(
    '/api/analysis/knox',
    {
      config: read,
      schema: {
        querystring: Strict({
          ...FilterQuery,
          distanceBandsM: Type.String({ pattern: '^\\d+(\\.\\d+)?(,\\d+(\\.\\d+)?){0,9}$' }),
          timeBandsDays: Type.String({ pattern: '^\\d+(\\.\\d+)?(,\\d+(\\.\\d+)?){0,9}$' }),
          permutations: Type.Optional(Type.Integer({ minimum: 9, maximum: 999 })),
        }),
      },
    },
    (req) => {
      const { distanceBandsM, timeBandsDays, permutations, ...f } = req.query;
      return knox(db, req.actor, toFilter(f), {
        distanceBandsM: numbers(distanceBandsM),
        timeBandsDays: numbers(timeBandsDays),
        permutations,
      });
    },
  );
  r.get(
    '/api/analysis/reports/situation.html',
    {
      config: read,
      schema: {
        querystring: Strict({
          period: Type.Union([Type.Literal('week'), Type.Literal('month')]),
          asOf: Day,
          jurisdiction: Type.Optional(Type.String({ maxLength: 500 })),
          tz: Type.Optional(Type.String({ maxLength: 64 })),
          lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('zh-CN')])),
        }),
      },
    },
    async (req, reply) => {
      const html = await situationReportHtml(db, req.actor, req.query, new Date());
      reply.header('content-type', 'text/html; charset=utf-8');
      return html;
    },
  );
  reportRoutes(app, services);
  r.get(
    '/api/analysis/warnings',
    { config: { access: { permission: 'analysis.warnings.read' } }, schema: { querystring: Strict({}) } },
    (req) => listWarnings(db, req.actor),
  );
}
