import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { LiveClient, type LiveEvent, type LiveStatus, type SocketLike } from '../../web/src/api/live.ts';

const event = (id: number) =>
  JSON.stringify({
    kind: 'event',
    id: String(id),
    type: 'user.updated',
    payload: { id: 'u', username: 'x' },
    createdAt: new Date(0).toISOString(),
  });

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const listen = (port: number) =>
  new Promise<WebSocketServer>((resolve, reject) => {
    const s = new WebSocketServer({ port, host: '127.0.0.1' });
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });

describe('LiveClient (web/src/api/live.ts) against a WebSocket server', () => {
  let server: WebSocketServer | null = null;
  let client: LiveClient | null = null;
  afterEach(async () => {
    client?.stop();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  it('resumes after a dropped connection with after=<lastId> and applies each event once', async () => {
    const urls: string[] = [];
    server = await listen(0);
    server.on('connection', (ws, req) => {
      urls.push(req.url ?? '');
      if (urls.length === 1) {
        ws.send(JSON.stringify({ kind: 'hello', lastId: '5' }));
        ws.send(event(6));
        ws.send(event(7));
        setTimeout(() => ws.terminate(), 30);
      } else {
        ws.send(JSON.stringify({ kind: 'hello', lastId: '8' }));
        ws.send(event(7)); // repeated boundary event must be ignored
        ws.send(event(8));
      }
    });
    const port = (server.address() as AddressInfo).port;
    const statuses: LiveStatus[] = [];
    const seen: string[] = [];
    client = new LiveClient({
      url: `ws://127.0.0.1:${port}/api/events`,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      minDelay: 10,
      maxDelay: 50,
    });
    client.onStatus(() => statuses.push(client!.status));
    client.subscribe('*', (e: LiveEvent) => seen.push(e.id));
    client.start();
    await until(() => seen.length >= 3);
    await until(() => client!.status === 'connected');
    expect(seen).toEqual(['6', '7', '8']);
    expect(urls[0]).toBe('/api/events');
    expect(urls[1]).toBe('/api/events?after=7');
    expect(client.lastId).toBe('8');
    expect(statuses).toContain('reconnecting');
    expect(statuses.at(-1)).toBe('connected');
  });

  it('reads offline after repeated failures and keeps retrying', async () => {
    server = await listen(0);
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    client = new LiveClient({
      url: `ws://127.0.0.1:${port}/api/events`,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      minDelay: 5,
      maxDelay: 10,
      offlineAfter: 3,
    });
    client.start();
    await until(() => client!.status === 'offline');
    // The server comes back on the same port: the client finds it without help.
    server = await listen(port);
    server.on('connection', (ws) => ws.send(JSON.stringify({ kind: 'hello', lastId: '1' })));
    await until(() => client!.status === 'connected');
    expect(client.lastId).toBe('1');
  });

  it('drops a silent connection after a missed heartbeat and resumes', async () => {
    let connections = 0;
    server = await listen(0);
    server.on('connection', (ws, req) => {
      connections += 1;
      ws.send(JSON.stringify({ kind: 'hello', lastId: '3' }));
      // The first connection goes silent (no pong); the second answers like the real server.
      if (connections > 1) {
        expect(req.url).toBe('/api/events?after=3');
        ws.on('message', (m) => String(m) === 'ping' && ws.send('pong'));
      }
    });
    const port = (server.address() as AddressInfo).port;
    client = new LiveClient({
      url: `ws://127.0.0.1:${port}/api/events`,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      minDelay: 5,
      maxDelay: 10,
      heartbeatMs: 30,
    });
    client.start();
    await until(() => connections >= 2 && client!.status === 'connected');
    await new Promise((r) => setTimeout(r, 200));
    expect(connections).toBe(2);
    expect(client.status).toBe('connected');
  });
});
