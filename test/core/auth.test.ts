import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

describe.each(dbKinds)('identity and access on %s', (kind) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode(kind);
  });
  afterAll(async () => node?.close());

  const login = (username: string, password: string) =>
    node.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('signs in with an httpOnly SameSite session cookie and answers /me', async () => {
    const res = await login('dispatcher', 'haven-demo');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'haven_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await node.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `haven_session=${cookie.value}` },
    });
    expect(me.json().user.username).toBe('dispatcher');
    expect(me.json().user.roles).toEqual(['dispatcher']);
  });

  it('refuses a wrong password with 401 problem+json, same as an unknown user', async () => {
    const wrong = await login('analyst', 'not-the-password');
    const unknown = await login('nobody-here', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('inspector', 'wrong-password')).statusCode).toBe(401);
    const locked = await login('inspector', 'haven-demo');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const admin = await node.signIn('admin');
    const body = {
      username: 'csrf-victim',
      displayName: 'x',
      password: 'long-enough-1',
      roles: ['analyst'],
      jurisdictionIds: [],
    };
    const without = await node.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { cookie: admin.cookie },
      payload: body,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().type).toBe('urn:haven:problem:auth.csrf');
    const forged = await node.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': 'forged' },
      payload: body,
    });
    expect(forged.statusCode).toBe(403);
    const users = await admin.request({ url: '/api/admin/users' });
    expect(users.json().items.some((u: { username: string }) => u.username === 'csrf-victim')).toBe(false);
  });

  it('treats an expired session as signed out', async () => {
    const client = await node.signIn('analyst');
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second'`.execute(
      node.services.database.db,
    );
    const res = await client.request({ url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
  });

  it('scopes an API key to its permissions and jurisdictions', async () => {
    const admin = await node.signIn('admin');
    const fc = (await admin.request({ url: '/api/jurisdictions?geometry=false' })).json();
    const township = fc.features.find(
      (f: { properties: { code: string } }) => f.properties.code === '990101002',
    );
    const created = await admin.request({
      method: 'POST',
      url: '/api/admin/api-keys',
      payload: { name: 'gis-sync', permissions: ['jurisdictions.read'], jurisdictionIds: [township.id] },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json().key as string;
    const listed = await node.app.inject({
      url: '/api/jurisdictions?geometry=false',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(listed.statusCode).toBe(200);
    const paths = listed.json().features.map((f: { properties: { path: string } }) => f.properties.path);
    expect(paths.length).toBeGreaterThan(1);
    expect(paths.every((p: string) => p.startsWith(township.properties.path))).toBe(true);
    const notAllowed = await node.app.inject({
      url: '/api/admin/users',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(notAllowed.statusCode).toBe(403);
    const badKey = await node.app.inject({
      url: '/api/jurisdictions',
      headers: { authorization: `Bearer ${key.slice(0, -2)}xx` },
    });
    expect(badKey.statusCode).toBe(401);
    const stored = await sql<{ key_hash: string }>`SELECT key_hash FROM api_keys`.execute(
      node.services.database.db,
    );
    expect(stored.rows.some((r) => key.includes(r.key_hash))).toBe(false);
  });

  it('signs out: the session cookie no longer works', async () => {
    const client = await node.signIn('mediator');
    expect((await client.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await client.request({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('stores passwords as argon2id hashes', async () => {
    const res = await sql<{ password_hash: string }>`SELECT password_hash FROM users LIMIT 3`.execute(
      node.services.database.db,
    );
    for (const r of res.rows) expect(r.password_hash.startsWith('$argon2id$')).toBe(true);
  });
});
