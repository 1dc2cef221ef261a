// Beat design use cases: start a run (validated up front, then a worker), list, read, compare.
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../core/db/database.ts';
import { transact } from '../../core/db/transaction.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { type Actor, inScope } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { DEMO_ON_SCENE_MINUTES, syntheticWorkload } from './demo-workload.ts';
import { buildAtoms, type DesignInputs } from './design-inputs.ts';
import type { DesignParameters } from './design-run.ts';
import { startDesignRun } from './design-runner.ts';
import type { Region } from './domain/geojson.ts';
import { isContiguous } from './domain/graph.ts';
import type { Incident } from './domain/workload.ts';
import type { FixedBeat } from './domain/zones.ts';
import { asProblem } from './errors.ts';
import { type HistorySource, historyWorkload } from './history-workload.ts';
import { patrolScope } from './scope.ts';

/** A design request from a planner. */
export interface DesignRequest {
  name: string;
  jurisdictionId: string;
  beats: number;
  resolution?: number;
  timeLimitSeconds?: number;
  seed?: number;
  effort?: 'quick' | 'thorough';
  fixedBeats?: FixedBeat[];
  workload:
    | { source: 'synthetic' }
    | { source: 'incidents'; incidents: Incident[]; onSceneMinutes?: Record<string, number> }
    | HistorySource;
}

interface ParentRow {
  code: string;
  path: string;
  geometry: { type: string; coordinates: unknown } | null;
  bbox: number[] | null;
}

/** The designed area and the parent regions beats nest in (its children, else itself). */
export async function areaOf(database: Database, actor: Actor, jurisdictionId: string) {
  const own = await sql<ParentRow & { id: string }>`SELECT id, code, path::text AS path, geometry, bbox
    FROM jurisdictions WHERE id = ${jurisdictionId}::uuid`.execute(database.db);
  const area = own.rows[0];
  if (!area || !inScope(actor, area.path)) throw notFound('Jurisdiction');
  const kids = await sql<ParentRow>`SELECT code, path::text AS path, geometry, bbox FROM jurisdictions
    WHERE parent_id = ${jurisdictionId}::uuid AND geometry IS NOT NULL ORDER BY code`.execute(database.db);
  const rows = kids.rows.length > 0 ? kids.rows : area.geometry ? [area] : [];
  if (rows.length === 0)
    throw invalid('patrol.no_geometry', 'The jurisdiction has no boundary to design beats in');
  const parents = rows.map((r) => ({ id: r.code, polygons: polygonsOf(r.geometry!) }));
  const paths = Object.fromEntries(rows.map((r) => [r.code, r.path]));
  return { id: area.id, path: area.path, bbox: area.bbox ?? bboxOf(parents), parents, paths };
}

function polygonsOf(g: { type: string; coordinates: unknown }): Region['polygons'] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Region['polygons'];
}

function bboxOf(parents: { polygons: Region['polygons'] }[]): number[] {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of parents)
    for (const poly of p.polygons)
      for (const [x, y] of poly[0]!) {
        b[0] = Math.min(b[0]!, x!);
        b[1] = Math.min(b[1]!, y!);
        b[2] = Math.max(b[2]!, x!);
        b[3] = Math.max(b[3]!, y!);
      }
  return b;
}

function checkFixedBeats(fixed: readonly FixedBeat[], built: ReturnType<typeof buildAtoms>): void {
  const index = new Map(built.atoms.ids.map((id, i) => [id, i]));
  for (const f of fixed) {
    const members = f.atoms.map((a) => index.get(a));
    if (members.some((m) => m === undefined)) {
      throw invalid('patrol.unknown_atom', `Fixed beat ${f.id} names atoms that are not in the area`);
    }
    if (!isContiguous(built.atoms, members as number[])) {
      throw invalid('patrol.noncontiguous_fixed_beat', `Fixed beat ${f.id} is not contiguous`, {
        beat: f.id,
      });
    }
  }
}

/** The inputs of a design (or an import) over the area from its workload source. */
export async function inputsOf(
  services: CoreServices,
  actor: Actor,
  area: Awaited<ReturnType<typeof areaOf>>,
  req: Pick<DesignRequest, 'resolution' | 'workload'>,
): Promise<DesignInputs> {
  const resolution = req.resolution ?? 8;
  const w = req.workload;
  if (w.source === 'synthetic')
    return {
      parents: area.parents,
      resolution,
      incidents: syntheticWorkload(area.bbox),
      onSceneMinutes: DEMO_ON_SCENE_MINUTES,
    };
  if (w.source === 'incidents')
    return { parents: area.parents, resolution, incidents: w.incidents, onSceneMinutes: w.onSceneMinutes };
  const history = await historyWorkload(services.database, actor, area, w);
  return {
    parents: area.parents,
    resolution,
    incidents: history.incidents,
    onSceneMinutes: history.onSceneMinutes,
  };
}

/** What a design's parameters record of its workload. */
export function workloadSummary(
  w: DesignRequest['workload'],
  inputs: DesignInputs,
): DesignParameters['workload'] {
  const base = { source: w.source, incidents: inputs.incidents.length };
  if (w.source !== 'history') return base;
  return {
    ...base,
    from: w.from,
    to: w.to,
    types: w.types ?? [],
    sources: w.sources ?? ['dispatch', 'imported'],
  };
}

/** Validates the request, stores the design as running and starts its worker. */
export async function startDesign(services: CoreServices, actor: Actor, req: DesignRequest) {
  const area = await areaOf(services.database, actor, req.jurisdictionId);
  const inputs = await inputsOf(services, actor, area, req);
  const parameters: DesignParameters = {
    beats: req.beats,
    resolution: inputs.resolution,
    timeLimitSeconds: req.timeLimitSeconds ?? 30,
    seed: req.seed ?? 1,
    fixedBeats: req.fixedBeats ?? [],
    effort: req.effort ?? 'quick',
    workload: workloadSummary(req.workload, inputs),
  };
  const built = await asProblem(() => buildAtoms(inputs));
  if (parameters.beats > built.atoms.ids.length) {
    throw invalid(
      'patrol.too_many_beats',
      `${parameters.beats} beats requested but the area has only ${built.atoms.ids.length} atoms`,
      {
        requested: parameters.beats,
        atoms: built.atoms.ids.length,
      },
    );
  }
  checkFixedBeats(parameters.fixedBeats, built);
  const id = uuidv7();
  await transact(services.database, actor, async (tx) => {
    await sql`INSERT INTO patrol_designs (id, name, jurisdiction_id, jurisdiction_path, run_state, parameters, inputs, created_by)
      VALUES (${id}::uuid, ${req.name}, ${area.id}::uuid, ${area.path}::ltree, 'running',
        ${JSON.stringify(parameters)}::jsonb, ${JSON.stringify(inputs)}::jsonb, ${actor.name})`.execute(
      tx.db,
    );
    tx.audit({
      action: 'patrol.design.started',
      targetType: 'patrol_design',
      targetId: id,
      jurisdictionPath: area.path,
      details: { beats: parameters.beats },
    });
  });
  const done = startDesignRun(services, { id, path: area.path, inputs, parameters });
  return { id, atoms: built.atoms.ids.length, done };
}

/** A design as the API shows it (without the bulky inputs). */
export interface DesignView {
  id: string;
  name: string;
  jurisdictionId: string;
  jurisdictionPath: string;
  status: 'draft' | 'published';
  runState: 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
  parameters: Record<string, unknown>;
  beats: { id: string; parentId: string; fixed: boolean }[] | null;
  quality: unknown;
  version: number;
  effectiveFrom: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = sql`id, name, jurisdiction_id, jurisdiction_path::text AS jurisdiction_path, status, run_state, progress,
  error, parameters, beats, quality, version, effective_from, created_by, created_at, updated_at`;

// biome-ignore lint/suspicious/noExplicitAny: raw row
function view(r: any, withQuality: boolean): DesignView {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: r.id,
    name: r.name,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionPath: r.jurisdiction_path,
    status: r.status,
    runState: r.run_state,
    progress: Number(r.progress),
    error: r.error,
    parameters: r.parameters,
    beats: r.beats,
    quality: withQuality ? r.quality : null,
    version: r.version,
    effectiveFrom: iso(r.effective_from),
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** Designs visible to the actor, newest first (quality omitted: see `getDesign`). */
export async function listDesigns(database: Database, actor: Actor): Promise<DesignView[]> {
  const res = await sql`SELECT ${COLUMNS} FROM patrol_designs WHERE ${patrolScope(actor)}
    ORDER BY created_at DESC LIMIT 200`.execute(database.db);
  return res.rows.map((r) => view(r, false));
}

/** One design with its quality report; 404 when missing or out of scope. */
export async function getDesign(database: Database, actor: Actor, id: string): Promise<DesignView> {
  const res =
    await sql`SELECT ${COLUMNS} FROM patrol_designs WHERE id = ${id}::uuid AND ${patrolScope(actor)}`.execute(
      database.db,
    );
  if (!res.rows[0]) throw notFound('Design');
  return view(res.rows[0], true);
}

/** Several designs side by side (quality reports), in the order asked. */
export async function compareDesigns(database: Database, actor: Actor, ids: readonly string[]) {
  const out: DesignView[] = [];
  for (const id of ids) out.push(await getDesign(database, actor, id));
  return { designs: out };
}
