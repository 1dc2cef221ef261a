import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as messages from '../../web/src/grid/messages.ts';
import { repoRoot } from '../support/shared-data.ts';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.add(key.replace(/_(one|other)$/, ''));
    else for (const kk of flatten(v, key)) out.add(kk);
  }
  return out;
}

const dir = resolve(repoRoot, 'web/src/grid');
const sources = readdirSync(dir)
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => readFileSync(join(dir, f), 'utf8'));

describe('grid web translations', () => {
  const en = flatten(messages.en as unknown as Tree);
  const zh = flatten(messages.zh as unknown as Tree);

  it('have the same keys in English and Chinese', () => {
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('define every literal key the grid screens use', () => {
    const used = new Set<string>();
    for (const src of sources) for (const m of src.matchAll(/\bgt\(\s*'([\w.]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(80);
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
  });

  it('name every state and timeline entry the server produces', async () => {
    const { REQUEST_STATES, TRANSITIONS } = await import('../../src/modules/grid/index.ts');
    for (const s of REQUEST_STATES) expect(en.has(`states.${s}`), s).toBe(true);
    for (const e of Object.keys(TRANSITIONS)) {
      expect(en.has(`kinds.${e}`), e).toBe(true);
      expect(en.has(`actions.${e}`), e).toBe(true);
    }
    for (const k of [
      'reminder',
      'escalated',
      'assigned',
      'note',
      'photo',
      'redacted',
      'rated',
      'submitted',
    ]) {
      expect(en.has(`kinds.${k}`), k).toBe(true);
    }
  });
});
