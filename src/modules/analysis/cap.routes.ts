// HTTP routes of public warnings: staff authoring/approval, public CAP XML, Atom and JSON, ingest.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AreaSchema, IdParams, Strict, Text } from '../../core/http/schemas.ts';
import type { CoreServices } from '../../core/module.ts';
import {
  approveWarning,
  CAP_SENDER,
  currentPublicWarnings,
  draftFollowUp,
  draftWarning,
  ingestCap,
  listWarningsForStaff,
  publishedXml,
  rejectWarning,
  situationAreas,
  type WarningInput,
} from './cap.service.ts';
import { capSummary } from './cap-store.ts';
import { CAP_TEMPLATES } from './cap-templates.ts';
import { buildCapAtomFeed } from './domain/atom-feed.ts';
import { CAP_APPROVE, CAP_AUTHOR, CAP_INGEST } from './permissions.ts';
import { pageLanguage, renderPublicPage } from './public-page.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const WarningBody = Strict({
  template: lit(CAP_TEMPLATES.map((t) => t.code)),
  language: lit(['en', 'zh-CN'] as const),
  headline: Text(160, 3),
  description: Text(4000, 3),
  instruction: Type.Optional(Text(2000)),
  severity: Type.Optional(lit(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const)),
  urgency: Type.Optional(lit(['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const)),
  certainty: Type.Optional(lit(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const)),
  expiresAt: Type.String({ format: 'date-time' }),
  areaDesc: Text(300, 2),
  area: Type.Optional(AreaSchema),
  jurisdictionCodes: Type.Optional(Type.Array(Text(40, 1), { maxItems: 50 })),
});

const PUBLIC = { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } } as const;

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** Registers the CAP routes. */
export function capRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/analysis/cap/templates',
    { config: { access: { permission: CAP_AUTHOR } } },
    () => CAP_TEMPLATES,
  );
  r.get('/api/analysis/cap/alerts', { config: { access: 'authenticated' } }, (req) =>
    listWarningsForStaff(services.database, req.actor),
  );
  r.post(
    '/api/analysis/cap/alerts',
    { config: { access: { permission: CAP_AUTHOR } }, schema: { body: WarningBody } },
    async (req, reply) => {
      reply.code(201);
      return draftWarning(services, req.actor, req.body as WarningInput, new Date());
    },
  );
  r.post(
    '/api/analysis/cap/alerts/:id/update',
    { config: { access: { permission: CAP_AUTHOR } }, schema: { params: IdParams, body: WarningBody } },
    async (req, reply) => {
      reply.code(201);
      return draftFollowUp(
        services,
        req.actor,
        req.params.id,
        'Update',
        req.body as WarningInput,
        new Date(),
      );
    },
  );
  r.post(
    '/api/analysis/cap/alerts/:id/cancel',
    { config: { access: { permission: CAP_AUTHOR } }, schema: { params: IdParams } },
    async (req, reply) => {
      reply.code(201);
      return draftFollowUp(services, req.actor, req.params.id, 'Cancel', null, new Date());
    },
  );
  r.post(
    '/api/analysis/cap/alerts/:id/approve',
    { config: { access: { permission: CAP_APPROVE } }, schema: { params: IdParams } },
    (req) => approveWarning(services, req.actor, req.params.id, new Date()),
  );
  r.post(
    '/api/analysis/cap/alerts/:id/reject',
    { config: { access: { permission: CAP_APPROVE } }, schema: { params: IdParams } },
    (req) => rejectWarning(services, req.actor, req.params.id),
  );
  r.post(
    '/api/analysis/cap/ingest',
    {
      config: { access: { permission: CAP_INGEST } },
      schema: { body: Strict({ xml: Type.String({ minLength: 10, maxLength: 5_000_000 }) }) },
    },
    (req) => ingestCap(services, req.actor, req.body.xml),
  );
  r.get('/api/analysis/situation/cap', { config: { access: 'authenticated' } }, (req) =>
    situationAreas(services.database, req.actor, new Date()),
  );
  r.get('/api/public/warnings', { config: PUBLIC }, async () => {
    const rows = await currentPublicWarnings(services.database, new Date());
    return rows.map((row) => {
      const { authorName: _a, approverName: _b, jurisdictionPath: _p, ...rest } = capSummary(row);
      const info = row.alert.infos[0];
      return {
        ...rest,
        description: info?.description ?? null,
        instruction: info?.instruction ?? null,
        language: info?.language ?? null,
        capUrl: `/api/cap/alerts/${row.id}.xml`,
      };
    });
  });
  r.get(
    '/api/public/warnings.html',
    {
      config: PUBLIC,
      schema: { querystring: Strict({ lang: Type.Optional(lit(['en', 'zh-CN'] as const)) }) },
    },
    async (req, reply) => {
      const rows = await currentPublicWarnings(services.database, new Date());
      reply.header('content-type', 'text/html; charset=utf-8');
      return renderPublicPage(rows, pageLanguage(req.query.lang, req.headers['accept-language']));
    },
  );
  r.get('/api/cap/alerts.atom', { config: PUBLIC }, async (req, reply) => {
    const now = new Date();
    const rows = await currentPublicWarnings(services.database, now, true);
    const base = baseUrl(req);
    const updated = rows[0]?.publishedAt ?? new Date(0).toISOString();
    reply.header('content-type', 'application/atom+xml; charset=utf-8');
    return buildCapAtomFeed(
      {
        id: `${base}/api/cap/alerts.atom`,
        title: 'Haven public warnings',
        updated,
        selfUrl: `${base}/api/cap/alerts.atom`,
        authorName: CAP_SENDER,
      },
      rows.map((row) => ({ alert: row.alert, capUrl: `${base}/api/cap/alerts/${row.id}.xml` })),
    );
  });
  r.get(
    '/api/cap/alerts/:file',
    {
      config: PUBLIC,
      schema: { params: Strict({ file: Type.String({ pattern: '^[0-9a-f-]{36}\\.xml$' }) }) },
    },
    async (req, reply) => {
      const xml = await publishedXml(services.database, req.params.file.slice(0, 36));
      reply.header('content-type', 'application/cap+xml; charset=utf-8');
      return xml;
    },
  );
}
