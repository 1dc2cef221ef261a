import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import zhCN from '../../web/src/i18n/zh-CN.json' with { type: 'json' };
import { repoRoot } from '../support/shared-data.ts';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

// Plural forms differ by language (English _one/_other, Chinese _other only).
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const resolves = (keys: Map<string, string>, key: string) => keys.has(key) || keys.has(`${key}_other`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

const catalogs = { en: flatten(en as Tree), 'zh-CN': flatten(zhCN as Tree) };
// Comments may quote `t('key')` as an example; only code counts.
const stripComments = (src: string) =>
  src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const sources = sourceFiles(resolve(repoRoot, 'web/src')).map((f) => stripComments(readFileSync(f, 'utf8')));

describe('web translations', () => {
  it('have the same keys in English and Chinese', () => {
    const enKeys = new Set([...catalogs.en.keys()].map(base));
    const zhKeys = new Set([...catalogs['zh-CN'].keys()].map(base));
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('keep interpolation variables the same in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of catalogs.en) {
      const zh = catalogs['zh-CN'].get(key) ?? catalogs['zh-CN'].get(`${base(key)}_other`);
      if (zh !== undefined) expect(vars(zh), key).toEqual(vars(text));
    }
  });

  it('define every literal key the code uses, in both languages', () => {
    const used = new Set<string>();
    for (const src of sources) {
      for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]!);
      for (const m of src.matchAll(/labelKey:\s*'([\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const [lang, keys] of Object.entries(catalogs)) {
      expect(
        [...used].filter((k) => !resolves(keys, k)),
        lang,
      ).toEqual([]);
    }
  });

  it('name every role, level and nav group the code can show', () => {
    const roles = [
      'admin',
      'supervisor',
      'call_taker',
      'dispatcher',
      'unit',
      'grid_worker',
      'service_centre',
      'department',
      'analyst',
      'inspector',
      'mediator',
      'volunteer_coordinator',
    ];
    const levels = ['county', 'township', 'village', 'grid'];
    const live = ['connecting', 'connected', 'reconnecting', 'offline'];
    const keys = [
      ...roles.map((r) => `role.${r}`),
      ...levels.flatMap((l) => [`level.${l}`, `levelShort.${l}`]),
      ...live.map((s) => `live.${s}`),
      'nav.group.operations',
      'nav.group.admin',
    ];
    for (const [lang, catalog] of Object.entries(catalogs)) {
      expect(
        keys.filter((k) => !catalog.has(k)),
        lang,
      ).toEqual([]);
    }
  });
});
