import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { definePermissions } from '../identity/permissions.ts';
import type { CoreServices, HavenModule } from '../module.ts';
import { installAccess } from './access.ts';
import { registerCoreRoutes } from './core-routes.ts';
import { registerLiveHub } from './live-hub.ts';
import { errorToProblem, sendProblem } from './problem.ts';

const webDist = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Request bodies above this are refused with 413 (uploads declare their own limit per route). */
export const BODY_LIMIT = 1024 * 1024;

/** Builds the Fastify app: core routes, every module's routes, the live hub and the web app. */
export async function buildApp(
  services: CoreServices,
  modules: readonly HavenModule[],
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: services.config.logLevel === 'silent' ? false : { level: services.config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: services.config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : uuidv7();
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => errorToProblem(error as Error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && existsSync(webDist);
    if (wantsPage) return reply.type('text/html').sendFile('index.html');
    return sendProblem(
      reply,
      request,
      404,
      'core.no_route',
      `No route ${request.method} ${request.url.split('?')[0]}`,
    );
  });

  const mapOrigin = services.config.mapStyle ? new URL(services.config.mapStyle).origin : null;
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(mapOrigin ? [mapOrigin] : [])],
        connectSrc: ["'self'", ...(mapOrigin ? [mapOrigin, 'https:'] : [])],
        workerSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: services.config.secureCookies,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Haven API',
        version: '0.1.0',
        description: 'Open public-safety operations platform. Errors are RFC 9457 application/problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'haven_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'Integration key hk_…' },
        },
      },
    },
  });
  installAccess(app, services.database);

  app.get('/api/docs', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await registerCoreRoutes(app, services);
  registerLiveHub(app, services.database, services.relay);
  for (const m of modules) {
    if (m.permissions) definePermissions(m.permissions);
    await app.register(async (scope) => m.routes?.(scope, services));
  }
  if (existsSync(webDist)) {
    // serve: false — only reply.sendFile; the catch-all route below serves files with an access declaration.
    await app.register(fastifyStatic, { root: webDist, serve: false });
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0]!;
      const file = resolve(webDist, `.${path}`);
      if (file.startsWith(webDist) && existsSync(file) && !path.endsWith('/'))
        return reply.sendFile(path.slice(1));
      if (path.startsWith('/api/')) {
        return sendProblem(reply, request, 404, 'core.no_route', `No route GET ${path}`);
      }
      return reply.type('text/html').sendFile('index.html');
    });
  }
  return app;
}
