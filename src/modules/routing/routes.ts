import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { HavenError } from '../../core/errors.ts';
import { Latitude, Longitude, Strict } from '../../core/http/schemas.ts';
import type { CoreServices } from '../../core/module.ts';
import { roadNetworkOf } from './road-network.ts';
import { ROUTING_READ } from './routing-events.ts';

const RouteView = Type.Object({
  seconds: Type.Number(),
  metres: Type.Number(),
  coordinates: Type.Array(Type.Array(Type.Number())),
  source: Type.Union([Type.Literal('road'), Type.Literal('straight_line')]),
});

/** HTTP routes of the routing module: graph status and point-to-point routes. */
export function routingRoutes(app: FastifyInstance, services: CoreServices): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/routing/status',
    {
      config: { access: { permission: ROUTING_READ } },
      schema: {
        response: {
          200: Type.Object({
            version: Type.Union([Type.Number(), Type.Null()]),
            nodes: Type.Number(),
            edges: Type.Number(),
            source: Type.Union([Type.String(), Type.Null()]),
            importedAt: Type.Union([Type.String(), Type.Null()]),
            bytes: Type.Number(),
          }),
        },
      },
    },
    async () => {
      const net = await roadNetworkOf(services.database).ready();
      const info = net.info;
      return {
        version: info?.version ?? null,
        nodes: info?.nodes ?? 0,
        edges: info?.edges ?? 0,
        source: info?.source ?? null,
        importedAt: info?.createdAt.toISOString() ?? null,
        bytes: info?.bytes ?? 0,
      };
    },
  );
  r.get(
    '/api/routing/route',
    {
      config: { access: { permission: ROUTING_READ } },
      schema: {
        querystring: Strict({ fromLon: Longitude, fromLat: Latitude, toLon: Longitude, toLat: Latitude }),
        response: { 200: RouteView },
      },
    },
    async (request) => {
      const q = request.query;
      const net = await roadNetworkOf(services.database).ready();
      const route = net.route({ lon: q.fromLon, lat: q.fromLat }, { lon: q.toLon, lat: q.toLat });
      if (!route) throw new HavenError('routing.no_route', 404, 'No road route between these points');
      return route;
    },
  );
}
