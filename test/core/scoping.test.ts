import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe.each(dbKinds)('jurisdiction scoping on %s', (kind) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode(kind);
  });
  afterAll(async () => node?.close());

  it('a township user sees only its subtree and gets 404 (not 403) for a sibling township', async () => {
    // The demo service-centre user is bound to township 990101001.
    const centre = await node.signIn('centre');
    const mine = (await centre.request({ url: '/api/jurisdictions?geometry=false' })).json();
    const codes: string[] = mine.features.map((f: { properties: { code: string } }) => f.properties.code);
    expect(codes.every((c) => c.startsWith('990101001'))).toBe(true);
    expect(codes).toHaveLength(1 + 4 + 36);

    const admin = await node.signIn('admin');
    const all = (await admin.request({ url: '/api/jurisdictions?geometry=false' })).json();
    const sibling = all.features.find(
      (f: { properties: { code: string } }) => f.properties.code === '990101002',
    );
    const res = await centre.request({ url: `/api/jurisdictions/${sibling.id}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const own = mine.features.find(
      (f: { properties: { code: string } }) => f.properties.code === '990101001',
    );
    expect((await centre.request({ url: `/api/jurisdictions/${own.id}` })).statusCode).toBe(200);
  });

  it('locates points in the most specific jurisdiction, and nothing outside the served area', () => {
    const inside = node.services.jurisdictions.locate(113.81, 22.51);
    expect(inside?.level).toBe('grid');
    expect(inside?.path.startsWith('990101.990101001')).toBe(true);
    expect(node.services.jurisdictions.locate(0, 0)).toBeNull();
  });
});
