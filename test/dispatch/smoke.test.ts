import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import type { TestNode } from '../support/test-node.ts';
import { expectStatus, newCall, startDispatchNode } from './support.ts';

describe.each(dbKinds)('dispatch smoke (%s)', (kind) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startDispatchNode(kind);
  });
  afterAll(async () => node?.close());

  it('takes a call and lists it', async () => {
    const c = await node.signIn('calltaker');
    const res = await c.request({ method: 'POST', url: '/api/dispatch/calls', payload: newCall() });
    const body = expectStatus<{ incident: { id: string; status: string } }>(res, 201);
    expect(body.incident.status).toBe('new');
    const d = await node.signIn('dispatcher');
    const list = expectStatus<{ items: { id: string }[] }>(
      await d.request({ url: '/api/dispatch/incidents' }),
      200,
    );
    expect(list.items.map((i) => i.id)).toContain(body.incident.id);
    const rec = expectStatus(
      await d.request({ url: `/api/dispatch/incidents/${body.incident.id}/recommendation` }),
      200,
    );
    expect(rec).toBeTruthy();
  });
});
