// Runs a design in a worker thread of this node: progress is stored on the design row and pushed
// as `patrol.design.progress` events (throttled); the run is killed after its time limit.
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { transact } from '../../core/db/transaction.ts';
import { systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import type { DesignInputs } from './design-inputs.ts';
import type { DesignParameters, DesignRunResult } from './design-run.ts';
import './events.ts';
import { PATROL_READ } from './permissions.ts';

const running = new Set<Worker>();
let stopping = false;
const PROGRESS_EVERY_MS = 400;
const GRACE_MS = 20_000;

async function saveProgress(services: CoreServices, id: string, path: string, progress: number) {
  await transact(services.database, systemActor('patrol-design'), async (tx) => {
    await sql`UPDATE patrol_designs SET progress = ${progress}, updated_at = now()
      WHERE id = ${id}::uuid AND run_state = 'running'`.execute(tx.db);
    tx.emit(
      'patrol.design.progress',
      { id, progress, runState: 'running' },
      { jurisdictionPath: path, permission: PATROL_READ },
    );
  });
}

async function finish(services: CoreServices, id: string, path: string, outcome: Outcome) {
  await transact(services.database, systemActor('patrol-design'), async (tx) => {
    if (outcome.kind === 'done') {
      const r = outcome.result;
      await sql`UPDATE patrol_designs SET run_state = 'done', progress = 1,
        atom_ids = ${JSON.stringify(r.atomIds)}::jsonb, assignment = ${JSON.stringify(r.assignment)}::jsonb,
        beats = ${JSON.stringify(r.beats)}::jsonb, quality = ${JSON.stringify(r.quality)}::jsonb,
        parameters = parameters || ${JSON.stringify({ timedOut: r.timedOut })}::jsonb, updated_at = now()
        WHERE id = ${id}::uuid`.execute(tx.db);
    } else {
      await sql`UPDATE patrol_designs SET run_state = 'failed', error = ${outcome.message}, updated_at = now()
        WHERE id = ${id}::uuid`.execute(tx.db);
    }
    tx.audit({
      action: `patrol.design.${outcome.kind}`,
      targetType: 'patrol_design',
      targetId: id,
      jurisdictionPath: path,
    });
    tx.emit(
      'patrol.design.progress',
      { id, progress: outcome.kind === 'done' ? 1 : 0, runState: outcome.kind },
      { jurisdictionPath: path, permission: PATROL_READ },
    );
  });
}

type Outcome = { kind: 'done'; result: DesignRunResult } | { kind: 'failed'; message: string };

/** Starts the worker for a stored design; resolves when the row holds the outcome. */
export function startDesignRun(
  services: CoreServices,
  design: { id: string; path: string; inputs: DesignInputs; parameters: DesignParameters },
): Promise<void> {
  const worker = new Worker(new URL('./design.worker.mjs', import.meta.url), {
    workerData: { inputs: design.inputs, parameters: design.parameters },
  });
  running.add(worker);
  let lastSent = 0;
  let writing: Promise<void> = Promise.resolve();
  let settled = false;
  return new Promise((resolve) => {
    const end = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(killer);
      running.delete(worker);
      void worker.terminate();
      if (stopping) {
        resolve();
        return;
      }
      writing
        .then(() => finish(services, design.id, design.path, outcome))
        .catch((e) => services.log.error(e, 'patrol design: saving the outcome failed'))
        .finally(resolve);
    };
    const killer = setTimeout(
      () => end({ kind: 'failed', message: 'The design run exceeded its time limit' }),
      design.parameters.timeLimitSeconds * 1000 + GRACE_MS,
    );
    killer.unref();
    worker.on(
      'message',
      (m: { kind: string; fraction?: number; result?: DesignRunResult; message?: string }) => {
        if (m.kind === 'progress') {
          const now = Date.now();
          if (now - lastSent < PROGRESS_EVERY_MS || m.fraction! >= 1) return;
          lastSent = now;
          const fraction = Math.round(m.fraction! * 1000) / 1000;
          writing = writing
            .then(() => saveProgress(services, design.id, design.path, fraction))
            .catch((e) => services.log.warn(`patrol design progress not saved: ${String(e)}`));
        } else if (m.kind === 'done') end({ kind: 'done', result: m.result! });
        else end({ kind: 'failed', message: m.message ?? 'design failed' });
      },
    );
    worker.on('error', (e) => end({ kind: 'failed', message: e.message }));
    worker.on('exit', (code) => end({ kind: 'failed', message: `design worker exited (${code})` }));
  });
}

/** Stops every design run of this node (module stop). */
export async function stopDesignRuns(): Promise<void> {
  stopping = true;
  await Promise.all([...running].map((w) => w.terminate()));
  running.clear();
  stopping = false;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Marks runs whose node stopped before finishing as failed: a live run refreshes its row at
 * least every few seconds, so a row silent for its time limit plus five minutes has no worker.
 * Idempotent, so every node may run it.
 */
export async function failAbandonedRuns(services: CoreServices): Promise<number> {
  const res =
    await sql`UPDATE patrol_designs SET run_state = 'failed', error = 'The node running the design stopped',
      updated_at = now()
    WHERE run_state = 'running'
      AND updated_at < now() - make_interval(secs => COALESCE((parameters->>'timeLimitSeconds')::int, 60) + 300)`.execute(
      services.database.db,
    );
  return Number(res.numAffectedRows ?? 0);
}

/** Starts the periodic sweep of abandoned runs; returns its stop function. */
export function startAbandonedRunSweep(services: CoreServices): () => void {
  const timer = setInterval(() => {
    failAbandonedRuns(services).catch((e) =>
      services.log.warn(`patrol: abandoned-run sweep failed: ${String(e)}`),
    );
  }, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
