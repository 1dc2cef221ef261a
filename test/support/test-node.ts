import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { startNode } from '../../src/app/node.ts';
import { loadConfig } from '../../src/core/config/config.ts';
import type { CoreServices, HavenModule } from '../../src/core/module.ts';
import { type FreshDatabase, freshDatabase } from './databases.ts';
import { TEST_ADMIN_PASSWORD } from './haven-process.ts';

/** An in-process Haven node on a fresh database, driven with `inject` (no sockets needed). */
export interface TestNode {
  app: FastifyInstance;
  services: CoreServices;
  url: string;
  fresh: FreshDatabase;
  /** Signs in and returns a client that sends the session cookie and CSRF token. */
  signIn(username: string, password?: string): Promise<TestClient>;
  close(): Promise<void>;
}

export interface TestClient {
  csrfToken: string;
  cookie: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Starts a node with the demo data on a fresh database of the given kind. */
export async function startTestNode(
  kind: 'pglite' | 'postgres',
  opts: { modules?: readonly HavenModule[]; env?: Record<string, string> } = {},
): Promise<TestNode> {
  const fresh = await freshDatabase(kind);
  const config = loadConfig({
    HAVEN_PORT: '0',
    HAVEN_DATA_DIR: fresh.dataDir,
    HAVEN_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    HAVEN_LOG_LEVEL: 'silent',
    ...(fresh.databaseUrl ? { HAVEN_DATABASE_URL: fresh.databaseUrl } : {}),
    ...opts.env,
  });
  const node = opts.modules
    ? await startNode(config, opts.modules, silentLog)
    : await startNode(config, undefined, silentLog);
  const signIn = async (
    username: string,
    password = username === 'admin' ? TEST_ADMIN_PASSWORD : 'haven-demo',
  ) => {
    const res = await node.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200)
      throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'haven_session')!;
    const csrfToken = res.json().csrfToken as string;
    const cookieHeader = `haven_session=${cookie.value}`;
    return {
      csrfToken,
      cookie: cookieHeader,
      request: (o: InjectOptions) =>
        node.app.inject({ ...o, headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken, ...o.headers } }),
    };
  };
  return {
    app: node.app,
    services: node.services,
    url: node.url,
    fresh,
    signIn,
    close: async () => {
      await node.stop();
      await fresh.drop();
    },
  };
}
