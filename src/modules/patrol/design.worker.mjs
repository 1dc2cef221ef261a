// Worker thread entry of a beat design run: loads the TypeScript design code through tsx (the
// server itself runs through tsx) so the CPU-bound designer never blocks the node's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runDesign } = await import('./design-run.ts');
try {
  const result = await runDesign(workerData, (fraction) =>
    parentPort.postMessage({ kind: 'progress', fraction }),
  );
  parentPort.postMessage({ kind: 'done', result });
} catch (e) {
  parentPort.postMessage({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
}
