import type { HavenModule } from '../core/module.ts';
import { analysisModule } from '../modules/analysis/index.ts';

/** The domain modules this build of Haven runs, in start order. */
export const modules: readonly HavenModule[] = [analysisModule];
