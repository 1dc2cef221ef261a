import { dbKinds } from '../support/databases.ts';
import { importCases } from './import-cases.ts';

for (const kind of dbKinds) importCases(kind);
