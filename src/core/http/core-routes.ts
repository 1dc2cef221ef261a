import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { verifyAudit } from '../audit/verify-audit.ts';
import { HavenError } from '../errors.ts';
import type { Area } from '../geo/geojson.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../identity/api-key.service.ts';
import { permissionsOf, roles, roleTable } from '../identity/permissions.ts';
import { signIn, signOut } from '../identity/session.service.ts';
import { createUser, listUsers, updateUser } from '../identity/user.service.ts';
import {
  createJurisdiction,
  getJurisdiction,
  listJurisdictions,
  updateJurisdiction,
} from '../jurisdictions/jurisdiction.service.ts';
import type { CoreServices } from '../module.ts';
import { SESSION_COOKIE } from './access.ts';
import { AreaSchema, IdParams, Strict, Text, Uuid } from './schemas.ts';

const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en'), Type.Null()]),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  jurisdictions: Type.Array(
    Type.Object({
      id: Type.String(),
      path: Type.String(),
      level: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
    }),
  ),
});
const Session = Type.Object({ user: Me, csrfToken: Type.String() });
const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  jurisdictionIds: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});
const RoleName = Type.Union(roles.map((r) => Type.Literal(r)));
const Level = Type.Union([
  Type.Literal('county'),
  Type.Literal('township'),
  Type.Literal('village'),
  Type.Literal('grid'),
]);
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._@-]+$' });
const Password = Type.String({ minLength: 8, maxLength: 256 });
const JurisdictionFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  properties: Type.Object({
    id: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
    path: Type.String(),
    level: Type.String(),
    code: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
  }),
});

/** Routes of the platform core: health, config, sign-in, users, API keys, jurisdictions, audit. */
export async function registerCoreRoutes(base: FastifyInstance, services: CoreServices): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { database, config } = services;
  const present = (user: Awaited<ReturnType<typeof signIn>>['user'], csrfToken: string) => ({
    user: { ...user, permissions: [...permissionsOf(user.roles)].sort() },
    csrfToken,
  });

  app.get('/health', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/ready', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(database.db);
      return { status: 'ready', database: database.kind, jurisdictions: services.jurisdictions.size };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.kind, jurisdictions: 0 });
    }
  });

  app.get(
    '/api/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['core'],
        response: {
          200: Type.Object({
            version: Type.String(),
            mapStyle: Type.Union([Type.String(), Type.Null()]),
            center: Type.Tuple([Type.Number(), Type.Number()]),
            zoom: Type.Number(),
          }),
        },
      },
    },
    async () => {
      const res = await sql<{ bbox: number[] | null }>`SELECT bbox FROM jurisdictions
        WHERE parent_id IS NULL AND bbox IS NOT NULL ORDER BY path LIMIT 1`.execute(database.db);
      const b = res.rows[0]?.bbox ?? [116.3, 39.8, 116.5, 40.0];
      return {
        version: '0.1.0',
        mapStyle: config.mapStyle,
        center: [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2] as [number, number],
        zoom: 10,
      };
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: Strict({ username: Text(64, 1), password: Text(256, 1) }),
        response: { 200: Session },
      },
    },
    async (request, reply) => {
      const s = await signIn(database, {
        ...request.body,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: String(request.id),
      });
      reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies,
        path: '/',
        expires: s.expiresAt,
      });
      return present(s.user, s.csrfToken);
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], response: { 200: Session } } },
    async (request) => {
      // API keys are not users: /me answers for cookie sessions only.
      if (!request.sessionUser) throw new HavenError('auth.unauthenticated', 401, 'Sign in first');
      return present(request.sessionUser, request.csrfToken ?? '');
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'] } },
    async (request, reply) => {
      if (request.sessionToken) await signOut(database, request.actor, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  const manage = { access: { permission: 'users.manage' } } as const;
  app.get(
    '/api/admin/users',
    {
      config: manage,
      schema: { tags: ['admin'], response: { 200: Type.Object({ items: Type.Array(UserSchema) }) } },
    },
    async () => ({ items: await listUsers(database) }),
  );
  app.post(
    '/api/admin/users',
    {
      config: manage,
      schema: {
        tags: ['admin'],
        body: Strict({
          username: Username,
          displayName: Text(100, 1),
          password: Password,
          roles: Type.Array(RoleName, { minItems: 1, maxItems: 12 }),
          jurisdictionIds: Type.Array(Uuid, { maxItems: 100 }),
        }),
        response: { 201: UserSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(database, request.actor, request.body)),
  );
  app.patch(
    '/api/admin/users/:id',
    {
      config: manage,
      schema: {
        tags: ['admin'],
        params: IdParams,
        body: Strict({
          displayName: Type.Optional(Text(100, 1)),
          roles: Type.Optional(Type.Array(RoleName, { minItems: 1, maxItems: 12 })),
          jurisdictionIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
          disabled: Type.Optional(Type.Boolean()),
          password: Type.Optional(Password),
        }),
        response: { 200: UserSchema },
      },
    },
    async (request) => updateUser(database, request.actor, request.params.id, request.body),
  );
  app.get(
    '/api/admin/roles',
    {
      config: manage,
      schema: {
        tags: ['admin'],
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ role: Type.String(), permissions: Type.Array(Type.String()) })),
          }),
        },
      },
    },
    async () => ({ items: roleTable() }),
  );

  app.get('/api/admin/api-keys', { config: manage, schema: { tags: ['admin'] } }, async () => ({
    items: await listApiKeys(database),
  }));
  app.post(
    '/api/admin/api-keys',
    {
      config: manage,
      schema: {
        tags: ['admin'],
        body: Strict({
          name: Text(100, 1),
          permissions: Type.Array(Text(100, 1), { maxItems: 100 }),
          jurisdictionIds: Type.Array(Uuid, { minItems: 1, maxItems: 100 }),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiKey(database, request.actor, request.body)),
  );
  app.delete(
    '/api/admin/api-keys/:id',
    { config: manage, schema: { tags: ['admin'], params: IdParams } },
    async (request, reply) => {
      await revokeApiKey(database, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );

  const readJ = { access: { permission: 'jurisdictions.read' } } as const;
  app.get(
    '/api/jurisdictions',
    {
      config: readJ,
      schema: {
        tags: ['jurisdictions'],
        querystring: Strict({ level: Type.Optional(Level), geometry: Type.Optional(Type.Boolean()) }),
        response: {
          200: Type.Object({
            type: Type.Literal('FeatureCollection'),
            features: Type.Array(JurisdictionFeatureSchema),
          }),
        },
      },
    },
    async (request, reply) => {
      const features = await listJurisdictions(database, request.actor, {
        ...(request.query.level ? { level: request.query.level } : {}),
        withGeometry: request.query.geometry !== false,
      });
      reply.type('application/geo+json');
      return { type: 'FeatureCollection' as const, features };
    },
  );
  app.get(
    '/api/jurisdictions/:id',
    {
      config: readJ,
      schema: { tags: ['jurisdictions'], params: IdParams, response: { 200: JurisdictionFeatureSchema } },
    },
    async (request) => getJurisdiction(database, request.actor, request.params.id),
  );
  const manageJ = { access: { permission: 'jurisdictions.manage' } } as const;
  app.post(
    '/api/jurisdictions',
    {
      config: manageJ,
      schema: {
        tags: ['jurisdictions'],
        body: Strict({
          parentId: Type.Union([Uuid, Type.Null()]),
          level: Level,
          code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
          nameZh: Text(100, 1),
          nameEn: Text(100, 1),
          geometry: Type.Union([AreaSchema, Type.Null()]),
        }),
        response: { 201: JurisdictionFeatureSchema },
      },
    },
    async (request, reply) => {
      // The schema checks the shape; the service checks closure, range, simplicity and nesting.
      const f = await createJurisdiction(database, request.actor, {
        ...request.body,
        geometry: request.body.geometry as Area | null,
      });
      await services.jurisdictions.refreshOne(f.id);
      return reply.status(201).send(f);
    },
  );
  app.patch(
    '/api/jurisdictions/:id',
    {
      config: manageJ,
      schema: {
        tags: ['jurisdictions'],
        params: IdParams,
        body: Strict({
          nameZh: Type.Optional(Text(100, 1)),
          nameEn: Type.Optional(Text(100, 1)),
          code: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' })),
          geometry: Type.Optional(AreaSchema),
        }),
        response: { 200: JurisdictionFeatureSchema },
      },
    },
    async (request) => {
      const { geometry, ...rest } = request.body;
      const f = await updateJurisdiction(database, request.actor, request.params.id, {
        ...rest,
        ...(geometry ? { geometry: geometry as Area } : {}),
      });
      await services.jurisdictions.refreshOne(f.id);
      return f;
    },
  );

  app.get(
    '/api/audit/verify',
    { config: { access: { permission: 'audit.read' } }, schema: { tags: ['audit'] } },
    async () => verifyAudit(database),
  );
}
