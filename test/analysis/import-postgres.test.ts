import { describe, it } from 'vitest';
import { importCases } from './import-cases.ts';

if (process.env.HAVEN_TEST_DATABASE_URL) importCases('postgres');
else
  describe.skip('import on postgres (HAVEN_TEST_DATABASE_URL unset)', () => it('skipped', () => undefined));
