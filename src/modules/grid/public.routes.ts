import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.ts';
import { IdParams, Strict, Text } from '../../core/http/schemas.ts';
import { loadTypes } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import { groupName } from './groups.ts';
import {
  attributeMap,
  decodePhotos,
  NewRequestSchema,
  PHOTO_JSON_LIMIT,
  TokenParams,
} from './http-schemas.ts';
import { submitRequest } from './intake.service.ts';
import { pickLocale } from './locale.ts';
import { checkUploads, MAX_PHOTO_BYTES, readPhoto } from './photos.ts';
import { followRequest, rateRequest, reporterAction, reporterPhotos } from './public.service.ts';

/** Public portal API (`/api/public/grid/...`): catalogue, intake, follow-up by token, photos. */
export async function registerPublicRoutes(base: FastifyInstance, deps: GridDeps): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['grid-public'];
  const browse = { access: 'public' as const, rateLimit: { max: 120, timeWindow: '1 minute' } };
  const write = { access: 'public' as const, rateLimit: { max: 10, timeWindow: '1 minute' } };
  const lookup = { access: 'public' as const, rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.get(
    '/api/public/grid/services',
    { config: browse, schema: { tags, querystring: Strict({ locale: Type.Optional(Text(10)) }) } },
    async (req) => {
      const locale = pickLocale(req.query.locale, req.headers['accept-language']);
      const types = await loadTypes(deps.database.db, { publicOnly: true });
      return types.map((t) => ({
        code: t.code,
        nameZh: t.nameZh,
        nameEn: t.nameEn,
        group: t.group,
        groupName: groupName(t.group, locale),
        descriptionZh: t.descriptionZh,
        descriptionEn: t.descriptionEn,
        attributes: t.attributes,
      }));
    },
  );

  app.get('/api/public/grid/area', { config: browse, schema: { tags } }, async () => {
    const res = await sql<{
      id: string;
      code: string;
      level: string;
      name_zh: string;
      name_en: string;
      geometry: unknown;
    }>`
      SELECT id, code, level, name_zh, name_en, geometry FROM jurisdictions
      WHERE geometry IS NOT NULL AND level <> 'grid' ORDER BY path`.execute(deps.database.db);
    return {
      type: 'FeatureCollection',
      features: res.rows.map((r) => ({
        type: 'Feature',
        id: r.id,
        geometry: r.geometry,
        properties: { id: r.id, code: r.code, level: r.level, nameZh: r.name_zh, nameEn: r.name_en },
      })),
    };
  });

  app.post(
    '/api/public/grid/requests',
    { config: write, bodyLimit: PHOTO_JSON_LIMIT, schema: { tags, body: NewRequestSchema } },
    async (req, reply) => {
      const b = req.body;
      const photos = checkUploads(decodePhotos(b.photos));
      const created = await submitRequest(deps, req.actor, {
        serviceCode: b.serviceCode,
        lat: b.lat ?? null,
        lon: b.lon ?? null,
        address: b.address,
        jurisdictionCode: b.jurisdictionCode,
        description: b.description ?? null,
        attributes: attributeMap(b.attributes),
        reporter: { firstName: b.contact?.name, email: b.contact?.email, phone: b.contact?.phone },
        photos,
        private: b.private,
        source: 'web',
      });
      return reply.status(201).send({
        publicId: created.publicId,
        token: created.token,
        state: created.state,
        deadline: created.deadline,
        photos: created.photoIds.length,
      });
    },
  );

  app.get(
    '/api/public/grid/follow/:token',
    { config: lookup, schema: { tags, params: TokenParams } },
    (req) => followRequest(deps, req.params.token, req.ip),
  );

  app.post(
    '/api/public/grid/follow/:token/rating',
    {
      config: lookup,
      schema: {
        tags,
        params: TokenParams,
        body: Strict({ stars: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(1000)) }),
      },
    },
    async (req, reply) => {
      await rateRequest(deps, req.actor, req.params.token, req.ip, req.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/public/grid/follow/:token/reopen',
    { config: lookup, schema: { tags, params: TokenParams, body: Strict({ reason: Text(2000, 1) }) } },
    async (req, reply) => {
      await reporterAction(deps, req.actor, req.params.token, req.ip, {
        type: 'reopen',
        reason: req.body.reason,
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/public/grid/follow/:token/reply',
    { config: lookup, schema: { tags, params: TokenParams, body: Strict({ note: Text(4000, 1) }) } },
    async (req, reply) => {
      await reporterAction(deps, req.actor, req.params.token, req.ip, {
        type: 'reporter_replied',
        note: req.body.note,
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/public/grid/follow/:token/photos',
    { config: write, bodyLimit: MAX_PHOTO_BYTES + 1024, schema: { tags, params: TokenParams } },
    async (req, reply) => {
      const bytes = req.body instanceof Buffer ? new Uint8Array(req.body) : new Uint8Array();
      const photos = checkUploads([{ contentType: req.headers['content-type'] ?? null, bytes }]);
      const ids = await reporterPhotos(deps, req.actor, req.params.token, req.ip, photos);
      return reply.status(201).send({ ids });
    },
  );

  app.get(
    '/api/public/grid/photos/:id',
    { config: browse, schema: { tags, params: IdParams } },
    async (req, reply) => {
      const p = await readPhoto(deps.database.db, req.params.id);
      // Redacted photos and photos of private requests are never served to the public.
      if (!p || p.redacted || p.requestPrivate) throw notFound('Photo');
      return reply
        .type(p.contentType)
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(p.bytes));
    },
  );
}
