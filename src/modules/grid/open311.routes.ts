import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { HavenError } from '../../core/errors.ts';
import { can } from '../../core/identity/actor.ts';
import { resolveApiKey } from '../../core/identity/api-key.service.ts';
import type { GridDeps } from './deps.ts';
import {
  type Open311Params,
  optionalParam,
  parseOpen311Path,
  readOpen311Params,
} from './domain/open311-params.ts';
import { parsePostServiceRequest, postResultFor } from './domain/open311-post.ts';
import {
  type Open311Body,
  renderDiscovery,
  renderErrors,
  renderPostResults,
  renderServiceDefinition,
  renderServiceRequests,
  renderServices,
  renderTokenResults,
} from './domain/open311-present.ts';
import { parseRequestsQuery, parseSimpleQuery } from './domain/open311-query.ts';
import {
  GEOREPORT_V2_SPEC,
  type Open311Discovery,
  type Open311Failure,
  type Open311Format,
} from './domain/open311-types.ts';
import { submitRequest } from './intake.service.ts';
import { pickLocale } from './locale.ts';
import {
  catalogueChangeset,
  open311Catalogue,
  open311Requests,
  open311TimeZone,
  pathOfJurisdictionId,
} from './open311.service.ts';
import { GRID } from './permissions.ts';
import { requestIdByToken } from './public.service.ts';

/** Largest urlencoded POST body accepted (a description is at most 4,000 characters). */
const FORM_LIMIT = 64 * 1024;
const PREFIX = '/open311/v2/';

/** The format a URL asks for: `.json` -> JSON, anything else -> XML (the mandatory format). */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return /\.json$/i.test(path) ? 'json' : 'xml';
}

function send(reply: FastifyReply, status: number, b: Open311Body): FastifyReply {
  return reply.status(status).header('access-control-allow-origin', '*').type(b.contentType).send(b.body);
}

function sendFailure(
  reply: FastifyReply,
  format: Open311Format,
  f: Open311Failure | { httpStatus: number; errors: Open311Failure['errors'] },
) {
  return send(reply, f.httpStatus, renderErrors(f.errors, format));
}

const failure = (httpStatus: number, description: string) => ({
  httpStatus,
  errors: [{ code: httpStatus, description }],
});

/** Open311 errors for anything thrown inside these routes (never problem+json here). */
function open311ErrorHandler(deps: GridDeps) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const format = formatOfUrl(request.url);
    if (error instanceof HavenError) {
      // A bad bearer key on a public route is an invalid api_key in Open311 terms.
      const status = error.status === 401 ? 403 : error.status;
      if (typeof error.extra.retryAfter === 'number')
        reply.header('retry-after', String(error.extra.retryAfter));
      return sendFailure(reply, format, failure(status, error.message));
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendFailure(reply, format, failure(413, 'The request body is too large'));
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendFailure(
        reply,
        format,
        failure(415, 'POST bodies must be application/x-www-form-urlencoded'),
      );
    }
    if (fe.statusCode === 429)
      return sendFailure(reply, format, failure(429, 'Too many requests; slow down'));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendFailure(reply, format, failure(400, fe.message));
    }
    deps.log.error(error, 'open311: unhandled error');
    return sendFailure(reply, format, failure(500, 'The service is temporarily unavailable'));
  };
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function rawQuery(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q < 0 ? '' : request.url.slice(q + 1);
}

/** Checks `jurisdiction_id` (a jurisdiction code): unknown -> 404; returns the subtree path. */
async function jurisdictionOf(deps: GridDeps, params: Open311Params): Promise<string | null> {
  const id = optionalParam(params, 'jurisdiction_id')?.trim() ?? null;
  const path = await pathOfJurisdictionId(deps, id);
  if (path === undefined)
    throw new HavenError('grid.unknown_jurisdiction', 404, `jurisdiction_id not found: ${id}`);
  return path;
}

/** The service discovery document of this endpoint. */
async function discovery(deps: GridDeps, base: string): Promise<Open311Discovery> {
  const changeset = (await catalogueChangeset(deps)).toISOString();
  return {
    changeset,
    contact: 'Haven service centre (see the jurisdiction website)',
    key_service: 'API keys with the grid.open311.submit permission are issued by Haven administrators',
    endpoints: [
      {
        specification: GEOREPORT_V2_SPEC,
        url: `${base}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

async function handleGet(deps: GridDeps, request: FastifyRequest, reply: FastifyReply) {
  const rel = (request.url.split('?')[0] ?? '').slice(PREFIX.length);
  const parsed = parseOpen311Path(rel);
  if (!parsed.ok) return sendFailure(reply, formatOfUrl(request.url), parsed.failure);
  const { route } = parsed;
  const fmt = route.format;
  const raw = rawQuery(request);
  const params = readOpen311Params(raw);
  const locale = pickLocale(optionalParam(params, 'locale'), request.headers['accept-language']);
  const under = await jurisdictionOf(deps, params);
  switch (route.resource) {
    case 'discovery':
      return send(reply, 200, renderDiscovery(await discovery(deps, baseUrl(request)), fmt));
    case 'services': {
      const { services } = await open311Catalogue(deps, locale);
      return send(reply, 200, renderServices(services, fmt));
    }
    case 'service_definition': {
      const { byCode } = await open311Catalogue(deps, locale);
      const hit = byCode.get(route.serviceCode);
      if (!hit) return sendFailure(reply, fmt, failure(404, `service_code not found: ${route.serviceCode}`));
      return send(reply, 200, renderServiceDefinition(hit.definition, fmt));
    }
    case 'requests': {
      const zone = await open311TimeZone(deps);
      const q = parseRequestsQuery(raw, { now: deps.clock(), timeZone: zone, maxRows: 1000 });
      if (!q.ok) return sendFailure(reply, fmt, q.failure);
      const rows = await open311Requests(deps, q.value, under, locale, baseUrl(request));
      return send(reply, 200, renderServiceRequests(rows, fmt, zone));
    }
    case 'request': {
      const q = parseSimpleQuery(raw);
      if (!q.ok) return sendFailure(reply, fmt, q.failure);
      const rows = await open311Requests(
        deps,
        { kind: 'by_id', jurisdictionId: null, ids: [route.serviceRequestId] },
        under,
        locale,
        baseUrl(request),
      );
      if (rows.length === 0) {
        return sendFailure(
          reply,
          fmt,
          failure(404, `service_request_id not found: ${route.serviceRequestId}`),
        );
      }
      return send(reply, 200, renderServiceRequests(rows, fmt, await open311TimeZone(deps)));
    }
    case 'token': {
      const id = await requestIdByToken(deps, route.token, request.ip).catch((err: unknown) => {
        if (err instanceof HavenError && err.status === 404) return null;
        throw err;
      });
      if (!id) return sendFailure(reply, fmt, failure(404, 'token not found'));
      const res = await sql<{
        public_id: string;
      }>`SELECT public_id FROM grid_requests WHERE id = ${id}`.execute(deps.database.db);
      return send(
        reply,
        200,
        renderTokenResults([{ token: route.token, service_request_id: res.rows[0]!.public_id }], fmt),
      );
    }
  }
}

async function handlePost(deps: GridDeps, request: FastifyRequest, reply: FastifyReply) {
  const rel = (request.url.split('?')[0] ?? '').slice(PREFIX.length);
  const parsed = parseOpen311Path(rel);
  const format = formatOfUrl(request.url);
  if (!parsed.ok) return sendFailure(reply, format, parsed.failure);
  if (parsed.route.resource !== 'requests')
    return sendFailure(reply, format, failure(404, 'Only requests accepts POST'));
  const body = request.body;
  // Some clients send api_key (or everything) in the query string of the POST: accept both.
  const query = rawQuery(request);
  const input =
    typeof body === 'string' || body === undefined || body === null
      ? [query, typeof body === 'string' ? body : ''].filter((x) => x !== '').join('&')
      : typeof body === 'object'
        ? (body as Record<string, unknown>)
        : query;
  const params = readOpen311Params(input);
  const key = optionalParam(params, 'api_key');
  const keyActor = key ? await resolveApiKey(deps.database, key, String(request.id)) : null;
  const keyOk = keyActor !== null && can(keyActor, GRID.open311Submit);
  const locale = pickLocale(optionalParam(params, 'locale'), request.headers['accept-language']);
  const { byCode } = await open311Catalogue(deps, locale);
  const jid = optionalParam(params, 'jurisdiction_id')?.trim() ?? null;
  const known = jid !== null && (await pathOfJurisdictionId(deps, jid)) !== undefined;
  const checked = parsePostServiceRequest(input, {
    isValidApiKey: () => keyOk,
    findService: (code) => byCode.get(code) ?? null,
    jurisdiction: { ids: known && jid ? [jid] : [], required: false },
  });
  if (!checked.ok) return sendFailure(reply, parsed.route.format, checked.failure);
  const v = checked.value;
  const created = await submitRequest(deps, keyActor!, {
    serviceCode: v.service.service_code,
    lat: v.location?.lat ?? null,
    lon: v.location?.long ?? null,
    address: v.addressString,
    addressId: v.addressId,
    jurisdictionCode: v.jurisdictionId,
    description: v.description,
    attributes: new Map(Object.entries(v.attributes).map(([k, x]) => [k, Array.isArray(x) ? x : [x]])),
    reporter: {
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email,
      phone: v.phone,
      deviceId: v.deviceId,
      accountId: v.accountId,
    },
    mediaUrl: v.mediaUrl,
    source: 'open311',
    requireActorScope: true,
  });
  const result = postResultFor(v.service.type, {
    serviceRequestId: created.publicId,
    token: created.token,
    serviceNotice: null,
    accountId: v.accountId,
  });
  return send(reply, 200, renderPostResults([result], parsed.route.format));
}

/**
 * GeoReport v2 at /open311/v2/: services, service definitions, requests (GET, POST), one
 * request, tokens and discovery, in XML and JSON. These routes answer with Open311 error lists
 * (their own error and not-found handling), not problem+json.
 */
export async function registerOpen311Routes(app: FastifyInstance, deps: GridDeps): Promise<void> {
  await app.register(async (o) => {
    o.setErrorHandler(open311ErrorHandler(deps));
    o.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT },
      (_req, body, done) => done(null, body),
    );
    const read = { access: 'public' as const, rateLimit: { max: 600, timeWindow: '1 minute' } };
    const schema = { tags: ['open311'], hide: false };
    o.get('/open311/v2/:resource', { config: read, schema }, (req, reply) => handleGet(deps, req, reply));
    o.get('/open311/v2/:collection/:item', { config: read, schema }, (req, reply) =>
      handleGet(deps, req, reply),
    );
    o.post(
      '/open311/v2/:resource',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        bodyLimit: FORM_LIMIT,
        schema,
      },
      (req, reply) => handlePost(deps, req, reply),
    );
    const notFound = (req: FastifyRequest, reply: FastifyReply) =>
      sendFailure(reply, formatOfUrl(req.url), failure(404, `no such resource: ${req.url.split('?')[0]}`));
    o.get('/open311/*', { config: read, schema: { hide: true } }, notFound);
    o.post('/open311/*', { config: read, schema: { hide: true } }, notFound);
  });
}
