#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so there is one code path from source to production.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
