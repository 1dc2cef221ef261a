import { sql } from 'kysely';
import { systemActor } from '../../src/core/identity/actor.ts';
import { createApiKey } from '../../src/core/identity/api-key.service.ts';
import { createUser } from '../../src/core/identity/user.service.ts';
import { createGridModule, type GridModuleOptions } from '../../src/modules/grid/index.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

/** A test node running only the grid module (job timer off unless asked for). */
export function startGridNode(kind: 'pglite' | 'postgres', opts: GridModuleOptions = {}): Promise<TestNode> {
  return startTestNode(kind, { modules: [createGridModule({ jobIntervalMs: 0, ...opts })] });
}

/** Id of a jurisdiction by code. */
export async function jurisdictionId(node: TestNode, code: string): Promise<string> {
  const res = await sql<{ id: string }>`SELECT id FROM jurisdictions WHERE code = ${code}`.execute(
    node.services.database.db,
  );
  return res.rows[0]!.id;
}

/** Id of a demo department by code. */
export async function departmentId(node: TestNode, code: string): Promise<string> {
  const res = await sql<{ id: string }>`SELECT id FROM grid_departments WHERE code = ${code}`.execute(
    node.services.database.db,
  );
  return res.rows[0]!.id;
}

/** Creates a user bound to one jurisdiction (password `haven-demo`). */
export async function addUser(node: TestNode, username: string, role: string, code: string): Promise<string> {
  const u = await createUser(node.services.database, systemActor('test'), {
    username,
    displayName: username,
    password: 'haven-demo',
    roles: [role],
    jurisdictionIds: [await jurisdictionId(node, code)],
  });
  return u.id;
}

/** An API key holding the Open311 submit permission for the whole demo county. */
export async function open311Key(node: TestNode, scopeCode = '990101'): Promise<string> {
  const { key } = await createApiKey(node.services.database, systemActor('test'), {
    name: `open311-${scopeCode}-${Math.random().toString(36).slice(2, 8)}`,
    permissions: ['grid.open311.submit'],
    jurisdictionIds: [await jurisdictionId(node, scopeCode)],
  });
  return key;
}

/** A point inside a demo grid cell: township t (1..3), village v (1..4), cell g (1..9). */
export function demoPoint(t: number, v: number, g: number): { lat: number; lon: number } {
  const tw = 0.3 / 3;
  const vh = 0.24 / 4;
  const gx = (g - 1) % 3;
  const gy = Math.floor((g - 1) / 3);
  return {
    lon: 113.8 + (t - 1) * tw + (gx + 0.5) * (tw / 3),
    lat: 22.5 + (v - 1) * vh + (gy + 0.5) * (vh / 3),
  };
}

/** A minimal valid PNG (1x1) with a tEXt chunk carrying "secret" metadata. */
export function pngWithText(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: number[]) => {
    const body = new Uint8Array([...Buffer.from(type, 'ascii'), ...data]);
    const len = data.length;
    const c = crc(body);
    return [
      (len >>> 24) & 255,
      (len >>> 16) & 255,
      (len >>> 8) & 255,
      len & 255,
      ...body,
      (c >>> 24) & 255,
      (c >>> 16) & 255,
      (c >>> 8) & 255,
      c & 255,
    ];
  };
  const ihdr = [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];
  // zlib stream of one scanline: filter byte 0 + RGBA 4 bytes.
  const idat = [0x78, 0x9c, 0x63, 0x60, 0x60, 0x60, 0xf8, 0x0f, 0x00, 0x01, 0x04, 0x01, 0x00];
  const text = [...Buffer.from('Comment\0secret GPS 22.5,113.9', 'latin1')];
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', ihdr),
    ...chunk('tEXt', text),
    ...chunk('IDAT', idat),
    ...chunk('IEND', []),
  ]);
}
