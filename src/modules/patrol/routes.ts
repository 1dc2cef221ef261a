// HTTP routes of the patrol module (staff): beat designs, beats in force, plans, routes, compliance.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, Latitude, Longitude, Strict, Text, Uuid } from '../../core/http/schemas.ts';
import type { CoreServices } from '../../core/module.ts';
import { beatsInForce, designAtoms, designGeoJson, moveAtoms, publishDesign } from './beats.service.ts';
import { compareDesigns, getDesign, listDesigns, startDesign } from './design.service.ts';
import { importBeats } from './import.service.ts';
import { PATROL_PLAN, PATROL_READ, PATROL_TRACK } from './permissions.ts';
import {
  checkRecordedTrack,
  createRoute,
  getPlan,
  getRoute,
  listCompliance,
  listPlans,
  listRoutes,
  proposePlanCoverage,
  savePlan,
  submitTrack,
} from './plan.service.ts';

const IncidentSchema = Strict({
  lon: Longitude,
  lat: Latitude,
  type: Type.Optional(Text(64)),
  weight: Type.Optional(Type.Number({ minimum: 0 })),
});
const Incidents = Type.Array(IncidentSchema, { maxItems: 200_000 });
const Time = Type.String({ format: 'date-time' });
const Workload = Type.Union([
  Strict({ source: Type.Literal('synthetic') }),
  Strict({
    source: Type.Literal('incidents'),
    incidents: Incidents,
    onSceneMinutes: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Number({ minimum: 0 }))),
  }),
  Strict({
    source: Type.Literal('history'),
    from: Time,
    to: Time,
    types: Type.Optional(Type.Array(Text(64, 1), { maxItems: 100 })),
    sources: Type.Optional(
      Type.Array(Type.Union([Type.Literal('dispatch'), Type.Literal('imported')]), {
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
      }),
    ),
  }),
]);
const DesignBody = Strict({
  name: Text(200, 1),
  jurisdictionId: Uuid,
  beats: Type.Integer({ minimum: 1, maximum: 5000 }),
  resolution: Type.Optional(Type.Integer({ minimum: 5, maximum: 10 })),
  timeLimitSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 300 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 })),
  effort: Type.Optional(Type.Union([Type.Literal('quick'), Type.Literal('thorough')])),
  fixedBeats: Type.Optional(
    Type.Array(
      Strict({ id: Text(64, 1), atoms: Type.Array(Text(64, 1), { minItems: 1, maxItems: 10_000 }) }),
      { maxItems: 200 },
    ),
  ),
  workload: Workload,
});
const HHMM = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const PlanBody = Strict({
  name: Text(200, 1),
  windows: Type.Array(
    Strict({
      id: Text(64, 1),
      label: Text(100, 1),
      days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
      start: HHMM,
      end: HHMM,
    }),
    { maxItems: 50 },
  ),
  points: Type.Array(
    Strict({
      id: Text(64, 1),
      name: Text(200, 1),
      lon: Longitude,
      lat: Latitude,
      radiusM: Type.Number({ minimum: 5, maximum: 5000 }),
      minutes: Type.Integer({ minimum: 0, maximum: 1440 }),
      windowIds: Type.Array(Text(64, 1), { maxItems: 50 }),
    }),
    { minItems: 1, maxItems: 500 },
  ),
});
const RouteBody = Strict({
  name: Text(200, 1),
  unitCode: Text(64, 1),
  unitId: Type.Optional(Uuid),
  planId: Type.Optional(Uuid),
  checkIns: Type.Array(
    Strict({
      id: Text(64, 1),
      lon: Longitude,
      lat: Latitude,
      radiusM: Type.Number({ minimum: 5, maximum: 5000 }),
      windowStart: Time,
      windowEnd: Time,
    }),
    { minItems: 1, maxItems: 200 },
  ),
  path: Type.Optional(Type.Array(Type.Tuple([Longitude, Latitude]), { minItems: 1, maxItems: 10_000 })),
});
const TrackBody = Strict({
  track: Type.Array(Strict({ time: Time, lon: Longitude, lat: Latitude }), { maxItems: 100_000 }),
  offRouteThresholdM: Type.Optional(Type.Number({ minimum: 1, maximum: 10_000 })),
  minOffRouteMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
});

/** Registers the patrol routes. */
export function patrolRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = services.database;
  const read = { access: { permission: PATROL_READ } } as const;
  const plan = { access: { permission: PATROL_PLAN } } as const;
  const track = { access: { permission: PATROL_TRACK } } as const;

  r.get('/api/patrol/designs', { config: read }, (req) => listDesigns(db, req.actor));
  r.post('/api/patrol/designs', { config: plan, schema: { body: DesignBody } }, async (req, reply) => {
    const started = await startDesign(services, req.actor, req.body);
    void started.done;
    reply.code(202);
    return getDesign(db, req.actor, started.id);
  });
  r.get(
    '/api/patrol/designs/compare',
    { config: read, schema: { querystring: Strict({ ids: Text(2000, 1) }) } },
    (req) =>
      compareDesigns(
        db,
        req.actor,
        req.query.ids
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 6),
      ),
  );
  r.post(
    '/api/patrol/designs/import',
    {
      config: plan,
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        body: Strict({
          name: Text(200, 1),
          jurisdictionId: Uuid,
          geojson: Type.Unknown(),
          idProperty: Type.Optional(Text(64, 1)),
          resolution: Type.Optional(Type.Integer({ minimum: 5, maximum: 10 })),
          incidents: Type.Optional(Incidents),
          workload: Type.Optional(Workload),
        }),
      },
    },
    async (req, reply) => {
      reply.code(201);
      return importBeats(services, req.actor, req.body);
    },
  );
  r.get('/api/patrol/designs/:id', { config: read, schema: { params: IdParams } }, (req) =>
    getDesign(db, req.actor, req.params.id),
  );
  r.get(
    '/api/patrol/designs/:id/geojson',
    { config: read, schema: { params: IdParams } },
    async (req, reply) => {
      reply.header('content-type', 'application/geo+json');
      return designGeoJson(db, req.actor, req.params.id);
    },
  );
  r.get('/api/patrol/designs/:id/atoms', { config: read, schema: { params: IdParams } }, (req) =>
    designAtoms(db, req.actor, req.params.id),
  );
  r.post(
    '/api/patrol/designs/:id/moves',
    {
      config: plan,
      schema: {
        params: IdParams,
        body: Strict({
          atoms: Type.Array(Text(64, 1), { minItems: 1, maxItems: 10_000 }),
          toBeat: Text(64, 1),
          version: Type.Optional(Type.Integer()),
        }),
      },
    },
    (req) => moveAtoms(db, req.actor, req.params.id, req.body),
  );
  r.post(
    '/api/patrol/designs/:id/publish',
    { config: plan, schema: { params: IdParams, body: Strict({ effectiveFrom: Time }) } },
    (req) => publishDesign(db, req.actor, req.params.id, new Date(req.body.effectiveFrom)),
  );
  r.get(
    '/api/patrol/beats',
    { config: read, schema: { querystring: Strict({ at: Type.Optional(Time) }) } },
    async (req, reply) => {
      reply.header('content-type', 'application/geo+json');
      return beatsInForce(db, req.actor, req.query.at ? new Date(req.query.at) : new Date());
    },
  );

  r.get('/api/patrol/plans', { config: read }, (req) => listPlans(db, req.actor));
  r.post('/api/patrol/plans', { config: plan, schema: { body: PlanBody } }, async (req, reply) => {
    reply.code(201);
    return savePlan(services, req.actor, req.body);
  });
  r.get('/api/patrol/plans/:id', { config: read, schema: { params: IdParams } }, (req) =>
    getPlan(db, req.actor, req.params.id),
  );
  r.put('/api/patrol/plans/:id', { config: plan, schema: { params: IdParams, body: PlanBody } }, (req) =>
    savePlan(services, req.actor, req.body, req.params.id),
  );
  r.post(
    '/api/patrol/plans/:id/proposal',
    {
      config: plan,
      schema: {
        params: IdParams,
        body: Strict({
          units: Type.Array(Text(64, 1), { minItems: 1, maxItems: 500 }),
          maxShare: Type.Optional(Type.Number({ minimum: 0.05, maximum: 1 })),
        }),
      },
    },
    (req) => proposePlanCoverage(db, req.actor, req.params.id, req.body),
  );
  r.get('/api/patrol/routes', { config: read }, (req) => listRoutes(db, req.actor));
  r.post('/api/patrol/routes', { config: plan, schema: { body: RouteBody } }, async (req, reply) => {
    reply.code(201);
    return createRoute(services, req.actor, req.body);
  });
  r.get('/api/patrol/routes/:id', { config: read, schema: { params: IdParams } }, (req) =>
    getRoute(db, req.actor, req.params.id),
  );
  r.post(
    '/api/patrol/routes/:id/tracks',
    { config: track, schema: { params: IdParams, body: TrackBody } },
    async (req, reply) => {
      reply.code(201);
      return submitTrack(db, req.actor, req.params.id, req.body);
    },
  );
  r.post(
    '/api/patrol/routes/:id/compliance',
    { config: plan, schema: { params: IdParams } },
    async (req, reply) => {
      reply.code(201);
      return checkRecordedTrack(db, req.actor, req.params.id);
    },
  );
  r.get('/api/patrol/compliance', { config: read }, (req) => listCompliance(db, req.actor));
}
