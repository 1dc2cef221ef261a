import { importCases } from './import-cases.ts';

importCases('pglite');
