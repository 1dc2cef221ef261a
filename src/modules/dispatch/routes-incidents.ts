import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams } from '../../core/http/schemas.ts';
import type { CoreServices } from '../../core/module.ts';
import { assignUnit, reassignUnit, releaseUnit } from './assignment.service.ts';
import { dispatchContext } from './context.ts';
import type { IncidentStatus } from './domain/incident-state.ts';
import {
  addNote,
  changeAlarmLevel,
  changePriority,
  mergeIncident,
  transitionIncident,
} from './incident.service.ts';
import { incidentDetail, listIncidents } from './incident-read.ts';
import { P } from './permissions.ts';
import { recommendForIncident } from './recommend.service.ts';
import {
  AlarmLevelBody,
  AssignBody,
  IncidentListQuery,
  IncidentUnitParams,
  MergeBody,
  NoteBody,
  PriorityBody,
  ReassignBody,
  RecommendQuery,
  ReleaseBody,
  TransitionBody,
} from './schemas.ts';

/** Incidents: queue, detail, state changes, recommendation and assignments. */
export function incidentRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = () => dispatchContext(services);
  const read = { access: { permission: P.incidentsRead } };
  const manage = { access: { permission: P.incidentsManage } };
  const dispatch = { access: { permission: P.dispatch } };

  r.get(
    '/api/dispatch/incidents',
    { config: read, schema: { querystring: IncidentListQuery } },
    async (request) => {
      const q = request.query;
      return {
        items: await listIncidents(await ctx(), request.actor, {
          ...q,
          status: q.status as IncidentStatus | undefined,
        }),
      };
    },
  );
  r.get('/api/dispatch/incidents/:id', { config: read, schema: { params: IdParams } }, async (request) =>
    incidentDetail(await ctx(), request.actor, request.params.id),
  );
  r.post(
    '/api/dispatch/incidents/:id/transition',
    { config: manage, schema: { params: IdParams, body: TransitionBody } },
    async (request) => transitionIncident(await ctx(), request.actor, request.params.id, request.body),
  );
  r.post(
    '/api/dispatch/incidents/:id/notes',
    { config: read, schema: { params: IdParams, body: NoteBody } },
    async (request, reply) =>
      reply.status(201).send(await addNote(await ctx(), request.actor, request.params.id, request.body.text)),
  );
  r.post(
    '/api/dispatch/incidents/:id/priority',
    { config: manage, schema: { params: IdParams, body: PriorityBody } },
    async (request) =>
      changePriority(
        await ctx(),
        request.actor,
        request.params.id,
        request.body.priority,
        request.body.reason,
      ),
  );
  r.post(
    '/api/dispatch/incidents/:id/alarm-level',
    { config: manage, schema: { params: IdParams, body: AlarmLevelBody } },
    async (request) => changeAlarmLevel(await ctx(), request.actor, request.params.id, request.body.level),
  );
  r.post(
    '/api/dispatch/incidents/:id/merge',
    { config: manage, schema: { params: IdParams, body: MergeBody } },
    async (request) =>
      mergeIncident(await ctx(), request.actor, request.params.id, request.body.intoIncidentId),
  );
  r.get(
    '/api/dispatch/incidents/:id/recommendation',
    { config: read, schema: { params: IdParams, querystring: RecommendQuery } },
    async (request) => recommendForIncident(await ctx(), request.actor, request.params.id, request.query),
  );
  r.post(
    '/api/dispatch/incidents/:id/assignments',
    { config: dispatch, schema: { params: IdParams, body: AssignBody } },
    async (request, reply) =>
      reply.status(201).send(await assignUnit(await ctx(), request.actor, request.params.id, request.body)),
  );
  r.post(
    '/api/dispatch/incidents/:id/assignments/:unitId/release',
    { config: dispatch, schema: { params: IncidentUnitParams, body: ReleaseBody } },
    async (request) =>
      releaseUnit(await ctx(), request.actor, request.params.id, request.params.unitId, request.body.reason),
  );
  r.post(
    '/api/dispatch/incidents/:id/assignments/:unitId/reassign',
    { config: dispatch, schema: { params: IncidentUnitParams, body: ReassignBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await reassignUnit(
            await ctx(),
            request.actor,
            request.params.id,
            request.params.unitId,
            request.body,
          ),
        ),
  );
}
