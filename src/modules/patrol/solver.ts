import type { Highs } from 'highs';
import * as highsModule from 'highs';

type Loader = () => Promise<Highs>;
let cached: Promise<Highs> | null = null;

/** Loads the HiGHS WebAssembly solver once per process (for `solveExact`). */
export function loadSolver(): Promise<Highs> {
  // The typings describe a CommonJS module while ESM resolves to an ES build: accept both shapes.
  const mod = highsModule as unknown as { default: Loader | { default: Loader } };
  const loader = typeof mod.default === 'function' ? mod.default : mod.default.default;
  cached ??= loader();
  return cached;
}
