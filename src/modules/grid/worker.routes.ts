import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Latitude, Longitude, Strict, Text } from '../../core/http/schemas.ts';
import type { GridDeps } from './deps.ts';
import { attributeMap, decodePhotos, NewRequestSchema, PHOTO_JSON_LIMIT } from './http-schemas.ts';
import { submitRequest } from './intake.service.ts';
import { GRID } from './permissions.ts';
import { checkUploads } from './photos.ts';
import { checkIn, myCells, myCheckIns, myTasks } from './worker.service.ts';

/** Grid worker's phone view (`/api/grid/worker/...`): my cells, my tasks, report, patrol check-in. */
export async function registerWorkerRoutes(base: FastifyInstance, deps: GridDeps): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const worker = { access: { permission: GRID.worker } };
  const tags = ['grid-worker'];

  app.get('/api/grid/worker/cells', { config: worker, schema: { tags } }, (req) => myCells(deps, req.actor));
  app.get('/api/grid/worker/tasks', { config: worker, schema: { tags } }, (req) => myTasks(deps, req.actor));

  app.post(
    '/api/grid/worker/reports',
    { config: worker, bodyLimit: PHOTO_JSON_LIMIT, schema: { tags, body: NewRequestSchema } },
    async (req, reply) => {
      const b = req.body;
      const created = await submitRequest(deps, req.actor, {
        serviceCode: b.serviceCode,
        lat: b.lat ?? null,
        lon: b.lon ?? null,
        address: b.address,
        jurisdictionCode: b.jurisdictionCode,
        description: b.description ?? null,
        attributes: attributeMap(b.attributes),
        reporter: { firstName: b.contact?.name, email: b.contact?.email, phone: b.contact?.phone },
        photos: checkUploads(decodePhotos(b.photos)),
        photoKind: 'worker',
        private: b.private,
        source: 'worker',
        requireActorScope: true,
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/grid/worker/checkins',
    {
      config: worker,
      schema: { tags, body: Strict({ lat: Latitude, lon: Longitude, note: Type.Optional(Text(1000)) }) },
    },
    async (req, reply) => reply.status(201).send(await checkIn(deps, req.actor, req.body)),
  );

  app.get('/api/grid/worker/checkins', { config: worker, schema: { tags } }, (req) =>
    myCheckIns(deps, req.actor),
  );
}
