import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../src/core/http/access.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
}

function openObjects(schema: JsonSchema | undefined, path: string): string[] {
  if (!schema) return [];
  const out: string[] = [];
  if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) out.push(path);
  for (const [k, v] of Object.entries(schema.properties ?? {})) out.push(...openObjects(v, `${path}.${k}`));
  for (const [i, v] of (schema.anyOf ?? []).entries()) out.push(...openObjects(v, `${path}|${i}`));
  if (schema.items) out.push(...openObjects(schema.items, `${path}[]`));
  return out;
}

describe('route table', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode('pglite');
  });
  afterAll(async () => node?.close());

  it('every route is declared public, authenticated or guarded by a permission', () => {
    expect(routeTable.length).toBeGreaterThan(10);
    const undeclared = routeTable.filter(
      (r) => r.access === undefined && !r.url.startsWith('/api/docs/static'),
    );
    expect(undeclared).toEqual([]);
  });

  it('public routes are the known few', () => {
    const publicRoutes = routeTable.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    for (const r of publicRoutes) {
      expect(r).toMatch(
        /^(GET|POST) (\/health|\/ready|\/api\/config|\/api\/auth\/login|\/api\/docs.*|\/\*|\/api\/public\/.*|\/open311\/.*|\/api\/open311\/.*|\/api\/cap\/.*)$/,
      );
    }
  });

  it('every request body schema rejects unknown fields', () => {
    const doc = node.app.swagger() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>
      >;
    };
    const open: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        open.push(...openObjects(schema, `${method.toUpperCase()} ${path}`));
      }
    }
    expect(open).toEqual([]);
  });

  it('serves an OpenAPI 3.1 document at /api/docs', async () => {
    const res = await node.app.inject({ url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect(Object.keys(res.json().paths)).toContain('/api/jurisdictions');
  });

  it('sends security headers and a request id', async () => {
    const res = await node.app.inject({ url: '/api/config' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});
