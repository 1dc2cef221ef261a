import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Database } from '../db/database.ts';
import { HavenError } from '../errors.ts';
import { type Actor, can, publicActor } from '../identity/actor.ts';
import { type UserRecord, userActor } from '../identity/actor-loader.ts';
import { resolveApiKey } from '../identity/api-key.service.ts';
import { resolveSession } from '../identity/session.service.ts';
import { safeEqual } from '../identity/tokens.ts';

/**
 * Every route declares who may call it: `'public'`, `'authenticated'` (any signed-in actor),
 * or a permission. A route without a declaration refuses to register.
 */
export type Access = 'public' | 'authenticated' | { permission: string };

export const SESSION_COOKIE = 'haven_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
    sessionToken: string | null;
    /** The signed-in user (cookie sessions only). */
    sessionUser: UserRecord | null;
    csrfToken: string | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The registered routes and their access, for the route-table test and the OpenAPI document. */
export const routeTable: { method: string; url: string; access: Access | undefined }[] = [];

function presentedApiKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer hk_')) return header.slice('Bearer '.length);
  const x = request.headers['x-api-key'];
  return typeof x === 'string' && x.startsWith('hk_') ? x : null;
}

/** Installs the route-declaration check, and the hook that resolves the actor and enforces access. */
export function installAccess(app: FastifyInstance, database: Database): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionUser', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) if (m !== 'HEAD') routeTable.push({ method: m, url: route.url, access });
    if (access === undefined && !route.url.startsWith('/api/docs/static')) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} declares no access (public, authenticated or permission)`,
      );
    }
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    request.actor = publicActor(String(request.id));
    const key = presentedApiKey(request);
    if (key) {
      const actor = await resolveApiKey(database, key, String(request.id));
      if (!actor) throw new HavenError('auth.bad_api_key', 401, 'The API key is unknown or revoked');
      request.actor = actor;
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        // Cookie-authenticated writes must carry the session's CSRF token in x-csrf-token.
        const session = await resolveSession(database, token);
        const csrfOk =
          safeMethods.has(request.method) ||
          (typeof request.headers['x-csrf-token'] === 'string' &&
            session !== null &&
            safeEqual(request.headers['x-csrf-token'], session.csrfToken));
        // On a public route a write without the CSRF token simply does not act as the user.
        if (session && !csrfOk && access !== 'public') {
          throw new HavenError('auth.csrf', 403, 'Missing or wrong CSRF token (header x-csrf-token)');
        }
        if (session && csrfOk) {
          const consoleId = request.headers['x-haven-console'];
          request.actor = userActor(
            session.user,
            String(request.id),
            typeof consoleId === 'string' ? consoleId.slice(0, 100) : null,
          );
          request.sessionToken = token;
          request.sessionUser = session.user;
          request.csrfToken = session.csrfToken;
        }
      }
    }
    if (access === 'public' || access === undefined) return;
    if (request.actor.kind === 'public') {
      throw new HavenError('auth.unauthenticated', 401, 'Sign in first');
    }
    if (access !== 'authenticated' && !can(request.actor, access.permission)) {
      throw new HavenError('core.forbidden', 403, `This needs the permission ${access.permission}`);
    }
  });
}
