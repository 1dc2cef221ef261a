import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { dispatchModule } from '../../src/modules/dispatch/dispatch.module.ts';
import { routingModule } from '../../src/modules/routing/index.ts';
import { startTestNode, type TestClient, type TestNode } from '../support/test-node.ts';

/** The modules dispatch tests run with. */
export const dispatchModules = [routingModule, dispatchModule];

/** A node with routing and dispatch on a fresh database of the given kind. */
export function startDispatchNode(
  kind: 'pglite' | 'postgres',
  env: Record<string, string> = {},
): Promise<TestNode> {
  return startTestNode(kind, { modules: dispatchModules, env });
}

/** JSON body of a response, failing loudly with the body when the status is not the expected one. */
export function expectStatus<T = Record<string, unknown>>(res: LightMyRequestResponse, status: number): T {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  }
  return (res.body ? res.json() : undefined) as T;
}

/** A new call body at a place in the demo county. */
export function newCall(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: randomUUID(),
    lon: 113.952,
    lat: 22.611,
    typeCode: 'TRAFFIC_ACCIDENT_INJURY',
    narrative: 'test call',
    ...over,
  };
}

/** Posts a call and returns the created incident's id. */
export async function createIncident(
  client: TestClient,
  over: Record<string, unknown> = {},
): Promise<string> {
  const res = await client.request({ method: 'POST', url: '/api/dispatch/calls', payload: newCall(over) });
  const body = expectStatus<{ incident: { id: string } }>(res, 201);
  return body.incident.id;
}

/** Units by call sign. */
export async function unitsByCallSign(
  client: TestClient,
): Promise<Map<string, { id: string; status: string }>> {
  const res = await client.request({ url: '/api/dispatch/units' });
  const body = expectStatus<{ items: { id: string; callSign: string; status: string }[] }>(res, 200);
  return new Map(body.items.map((u) => [u.callSign, u]));
}

/** Outbox events of a type, oldest first. */
export async function eventsOf(
  node: TestNode,
  type: string,
): Promise<{ payload: Record<string, unknown>; path: string | null }[]> {
  const res = await sql<{ payload: Record<string, unknown>; path: string | null }>`
    SELECT payload, jurisdiction_path::text AS path FROM events WHERE type = ${type} ORDER BY id`.execute(
    node.services.database.db,
  );
  return res.rows;
}

/** Problem type code of an error response. */
export function problemCode(res: LightMyRequestResponse): string {
  return String(res.json().type).replace('urn:haven:problem:', '');
}
