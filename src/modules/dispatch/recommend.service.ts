import { sql } from 'kysely';
import { type Actor, can } from '../../core/identity/actor.ts';
import type { DispatchContext } from './context.ts';
import { haversineMetres } from './domain/geo.ts';
import { planAtLevel } from './domain/incident-type.ts';
import { describeUnmet, recommendUnits, type SkipReason, type UnitAssessment } from './domain/recommend.ts';
import { shiftState } from './domain/shifts.ts';
import type { CandidateUnit, TravelEstimate } from './domain/unit-eligibility.ts';
import type { LocalizedText } from './domain/unit-kinds.ts';
import { P } from './permissions.ts';
import { findIncident, unitScope } from './scope.ts';
import { effectivePosition, queryUnits, type UnitRow } from './views.ts';

/** One unit in a recommendation, with the sentence that explains it. */
export interface UnitChoice {
  unitId: string;
  callSign: string;
  kind: string;
  status: string;
  etaSeconds: number | null;
  metres: number | null;
  source: 'road' | 'straight_line' | null;
  alreadyAssigned: boolean;
  ineligible: string[];
  explanation: LocalizedText;
}

/** The recommendation as the console shows it (docs/api/dispatch.md `RecommendationView`). */
export interface RecommendationView {
  incidentId: string;
  alarmLevel: number;
  requirements: { capability: string; count: number }[];
  satisfied: boolean;
  recommendedUnitIds: string[];
  fills: {
    capability: string;
    count: number;
    missing: number;
    chosen: UnitChoice[];
    skipped: (UnitChoice & { reasons: string[] })[];
    skippedNotShown: number;
  }[];
  unmet: { capability: string; missing: number; blockers: Record<string, number>; text: LocalizedText }[];
  computedMs: number;
  graphVersion: number | null;
}

const REASONS: Record<SkipReason, LocalizedText> = {
  off_duty: { zh: '未在岗', en: 'off duty' },
  off_shift: { zh: '不在班次内', en: 'off shift' },
  out_of_service: { zh: '停用', en: 'out of service' },
  busy: { zh: '执行其他任务', en: 'busy on another incident' },
  stale_position: { zh: '定位过期', en: 'position stale' },
  no_position: { zh: '无定位', en: 'no position' },
  no_route: { zh: '无可达道路', en: 'no road route' },
  out_of_jurisdiction: { zh: '非本辖区（需跨区支援）', en: 'outside jurisdiction (mutual aid)' },
  lacks_capability: { zh: '不具备所需能力', en: 'lacks the capability' },
  filled_other_requirement: { zh: '已用于预案其他需求', en: 'used for another requirement' },
};

function etaText(a: UnitAssessment, metres: number | null): LocalizedText {
  if (!a.eta) return { zh: '无预计到达时间', en: 'no ETA' };
  const min = Math.max(1, Math.round(a.eta.seconds / 60));
  const km = metres !== null ? (metres / 1000).toFixed(1) : null;
  if (a.straightLine) {
    return {
      zh: `约${min}分钟（直线估算${km ? `，${km}公里` : ''}：不在路网上）`,
      en: `~${min} min (straight-line estimate${km ? `, ${km} km` : ''}: off the road graph)`,
    };
  }
  return { zh: `${min}分钟，道路${km ?? '?'}公里`, en: `${min} min, ${km ?? '?'} km by road` };
}

/** "off shift until Tue 08:00 CST": when the unit's next shift starts, in the node's zone. */
function offShiftText(unit: UnitRow, timeZone: string): LocalizedText {
  const until = shiftState(unit.shifts ?? [], new Date(), timeZone).until;
  if (!until) return REASONS.off_shift;
  const fmt = (locale: string) =>
    new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(until);
  return { zh: `不在班次内，${fmt('zh-CN')}上班`, en: `off shift until ${fmt('en-GB')}` };
}

function choice(
  a: UnitAssessment,
  unit: UnitRow,
  metres: number | null,
  reasons: readonly SkipReason[],
  timeZone: string,
): UnitChoice {
  const eta = etaText(a, metres);
  const why = reasons.map((r) => (r === 'off_shift' ? offShiftText(unit, timeZone) : REASONS[r]));
  return {
    unitId: a.unitId,
    callSign: unit.call_sign,
    kind: unit.kind,
    status: unit.status,
    etaSeconds: a.eta ? Math.round(a.eta.seconds) : null,
    metres: metres !== null ? Math.round(metres) : null,
    source: a.eta?.source ?? null,
    alreadyAssigned: a.alreadyAssigned,
    ineligible: [...a.ineligible],
    explanation:
      why.length > 0
        ? {
            zh: `${eta.zh}；未选：${why.map((w) => w.zh).join('、')}`,
            en: `${eta.en}; skipped: ${why.map((w) => w.en).join(', ')}`,
          }
        : a.alreadyAssigned
          ? { zh: `已在本警情：${eta.zh}`, en: `already on this incident: ${eta.en}` }
          : { zh: `最快可用：${eta.zh}`, en: `fastest suitable: ${eta.en}` },
  };
}

/** Candidate units of the recommender from unit rows, with road travel times to the incident. */
export function candidatesFor(
  ctx: DispatchContext,
  units: readonly UnitRow[],
  target: { lon: number; lat: number },
  now: number,
): { candidates: CandidateUnit[]; travel: Map<string, TravelEstimate> } {
  const positions = units.map((u) => effectivePosition(u, now));
  const figures = ctx.network.travelTo(
    target,
    positions.map((p) => p.position),
  );
  const travel = new Map<string, TravelEstimate>();
  const candidates = units.map((u, i) => {
    const p = positions[i]!;
    const f = figures[i]!;
    // Off the graph: no entry, so the recommender falls back to a flagged straight-line estimate.
    if (p.position && !f.offGraph) {
      travel.set(u.id, { seconds: f.seconds, metres: haversineMetres(p.position, target), offGraph: false });
    }
    return {
      id: u.id,
      kind: u.kind,
      status: u.status,
      onDuty: u.status !== 'off_duty',
      onShift: shiftState(u.shifts ?? [], new Date(now), ctx.timeZone).onShift,
      capabilities: u.capabilities as CandidateUnit['capabilities'],
      jurisdiction: u.path,
      position: p.position,
      positionStale: p.stale,
      incidentId: u.current_incident_id,
    } satisfies CandidateUnit;
  });
  return { candidates, travel };
}

/**
 * Fills the incident's response plan (at its alarm level) with the units in the actor's scope
 * that reach it fastest by road, explaining every choice and every closer unit passed over.
 */
export async function recommendForIncident(
  ctx: DispatchContext,
  actor: Actor,
  incidentId: string,
  opts: { mutualAid?: boolean } = {},
): Promise<RecommendationView> {
  const db = ctx.database.db;
  const inc = await findIncident(db, actor, incidentId);
  const requirements = planAtLevel(ctx.catalogue.type(inc.type_code), inc.alarm_level);
  // Units that can fill no requirement change nothing: leave them out of the road search.
  const needed = new Set<string>(requirements.map((r) => r.capability));
  const units = (await queryUnits(db, unitScope(actor), sql``)).filter((u) =>
    u.capabilities.some((c) => needed.has(c)),
  );
  const started = performance.now();
  const now = Date.now();
  const target = { lon: inc.lon, lat: inc.lat };
  const { candidates, travel } = candidatesFor(ctx, units, target, now);
  const rec = recommendUnits({
    incident: { id: inc.id, location: target, jurisdiction: inc.path },
    requirements,
    units: candidates,
    travel,
    options: { mutualAid: opts.mutualAid === true && can(actor, P.mutualAid) },
  });
  const byId = new Map(units.map((u) => [u.id, u]));
  const chosenIds = new Set(rec.fills.flatMap((f) => f.chosen.map((c) => c.unitId)));
  const metres = new Map<string, number | null>();
  for (const u of units) {
    const p = effectivePosition(u, now).position;
    if (!p) metres.set(u.id, null);
    else if (chosenIds.has(u.id) && travel.has(u.id))
      metres.set(u.id, ctx.network.route(p, target)?.metres ?? null);
    else metres.set(u.id, haversineMetres(p, target));
  }
  const view = (a: UnitAssessment, reasons?: readonly SkipReason[]) =>
    choice(a, byId.get(a.unitId)!, metres.get(a.unitId) ?? null, reasons ?? [], ctx.timeZone);
  return {
    incidentId: inc.id,
    alarmLevel: inc.alarm_level,
    requirements: requirements.map((r) => ({ ...r })),
    satisfied: rec.satisfied,
    recommendedUnitIds: [...rec.recommendedUnitIds],
    fills: rec.fills.map((f) => ({
      capability: f.requirement.capability,
      count: f.requirement.count,
      missing: f.missing,
      chosen: f.chosen.map((c) => view(c)),
      skipped: f.skipped.map((s) => ({ ...view(s, s.reasons), reasons: [...s.reasons] })),
      skippedNotShown: f.skippedNotShown,
    })),
    unmet: rec.unmet.map((u) => ({
      capability: u.capability,
      missing: u.missing,
      blockers: { ...u.blockers } as Record<string, number>,
      text: { zh: describeUnmet(u, 'zh'), en: describeUnmet(u, 'en') },
    })),
    computedMs: Math.round((performance.now() - started) * 100) / 100,
    graphVersion: ctx.network.info?.version ?? null,
  };
}
