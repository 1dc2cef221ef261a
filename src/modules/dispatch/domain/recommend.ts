import type { LatLon } from './geo.ts';
import {
  getIncidentType,
  type IncidentCatalogue,
  planAtLevel,
  type ResourceRequirement,
} from './incident-type.ts';
import { bipartiteMatchingSize } from './matching.ts';
import {
  type CandidateUnit,
  type EligibilityOptions,
  type Eta,
  estimateEta,
  type IneligibleReason,
  ineligibility,
  isCommittedTo,
  type TravelTimes,
} from './unit-eligibility.ts';
import { CAPABILITIES, type Capability } from './unit-kinds.ts';

/** Why a closer unit was not chosen for a requirement. */
export type SkipReason = IneligibleReason | 'lacks_capability' | 'filled_other_requirement';

/** A recommendation request: the incident, its plan at the current alarm level, the units and travel times. */
export interface RecommendationRequest {
  readonly incident: { readonly id?: string; readonly location: LatLon; readonly jurisdiction: string };
  readonly requirements: readonly ResourceRequirement[];
  readonly units: readonly CandidateUnit[];
  readonly travel: TravelTimes;
  readonly options?: RecommendOptions;
}

/** Recommendation options: eligibility knobs plus how many skipped units to explain per requirement. */
export interface RecommendOptions extends EligibilityOptions {
  readonly maxSkippedPerRequirement?: number;
}

/** One unit as the recommender sees it. */
export interface UnitAssessment {
  readonly unitId: string;
  readonly eta: Eta | null;
  /** True when the ETA is a straight-line estimate (no road figure). */
  readonly straightLine: boolean;
  readonly alreadyAssigned: boolean;
  readonly ineligible: readonly IneligibleReason[];
}

/** A unit chosen for a requirement. */
export type ChosenUnit = UnitAssessment;

/** A unit closer than (one of) the chosen ones, or any unit when the requirement is unmet, and why it was passed over. */
export interface SkippedUnit extends UnitAssessment {
  readonly reasons: readonly SkipReason[];
  /** For `filled_other_requirement`: the index of the requirement it fills. */
  readonly filling?: number;
}

/** How one requirement of the plan is filled. */
export interface RequirementFill {
  readonly requirement: ResourceRequirement;
  /** Chosen units, fastest first (units already on the incident included). */
  readonly chosen: readonly ChosenUnit[];
  readonly missing: number;
  readonly skipped: readonly SkippedUnit[];
  /** Further skipped units not listed because of `maxSkippedPerRequirement`. */
  readonly skippedNotShown: number;
}

/** A requirement that cannot be (fully) met and what blocks the units that could fill it. */
export interface UnmetRequirement {
  readonly requirementIndex: number;
  readonly capability: Capability;
  readonly missing: number;
  /** Among units having the capability but not chosen: how many per reason. */
  readonly blockers: Readonly<Partial<Record<IneligibleReason, number>>>;
}

/** The recommender's answer. */
export interface Recommendation {
  readonly fills: readonly RequirementFill[];
  readonly unmet: readonly UnmetRequirement[];
  readonly satisfied: boolean;
  /** Units to dispatch now (chosen, not already on the incident), fastest first. */
  readonly recommendedUnitIds: readonly string[];
  /** Every candidate, already-assigned first, then by ETA. */
  readonly assessments: readonly UnitAssessment[];
}

interface Ranked {
  readonly unit: CandidateUnit;
  readonly a: UnitAssessment;
  readonly eligible: boolean;
}

/** Display order: ETA, then id (units with no ETA last). */
function byEta(x: Ranked, y: Ranked): number {
  const ex = x.a.eta?.seconds ?? Number.POSITIVE_INFINITY;
  const ey = y.a.eta?.seconds ?? Number.POSITIVE_INFINITY;
  if (ex !== ey) return ex < ey ? -1 : 1;
  return x.unit.id < y.unit.id ? -1 : x.unit.id > y.unit.id ? 1 : 0;
}

/** Strict total order of units: already assigned first, then ETA, then id. */
function compareRanked(x: Ranked, y: Ranked): number {
  if (x.a.alreadyAssigned !== y.a.alreadyAssigned) return x.a.alreadyAssigned ? -1 : 1;
  return byEta(x, y);
}

/**
 * Fills the response plan with the fastest suitable units; a unit fills at most one requirement.
 * Units are taken in ETA order and kept whenever the chosen set can still be matched to the
 * requirement slots (augmenting paths): this is the greedy algorithm on a transversal matroid, so
 * it fills as many slots as possible and, among such fillings, the i-th fastest chosen unit is as
 * fast as in any other (Gale-optimal; minimum total ETA too). Units already on the incident count
 * first. Chosen units are then placed so that earlier requirements get the fastest units.
 */
export function recommendUnits(req: RecommendationRequest): Recommendation {
  const opts = req.options ?? {};
  const ranked = req.units.map((unit) => assess(unit, req, opts)).sort(compareRanked);
  const slots = req.requirements.flatMap((r, ri) => Array.from({ length: r.count }, () => ri));
  const canFill = (r: Ranked, slot: number) =>
    r.unit.capabilities.includes(req.requirements[slots[slot]!]!.capability);
  const chosen = selectGreedy(ranked, slots.length, canFill);
  const placement = placeCanonically(chosen, slots.length, canFill);
  const fillOf = new Map<string, number>();
  placement.forEach((r, s) => {
    if (r) fillOf.set(r.unit.id, slots[s]!);
  });
  const fills = req.requirements.map((requirement, ri) =>
    explainRequirement(
      requirement,
      ri,
      ranked,
      placement.filter((r, s) => r && slots[s] === ri) as Ranked[],
      fillOf,
      opts,
    ),
  );
  const unmet = fills.flatMap((f, ri) => (f.missing > 0 ? [unmetOf(f, ri, ranked, fillOf)] : []));
  return {
    fills,
    unmet,
    satisfied: unmet.length === 0,
    recommendedUnitIds: chosen.filter((r) => !r.a.alreadyAssigned).map((r) => r.unit.id),
    assessments: ranked.map((r) => r.a),
  };
}

/** An incident as the recommender needs it: where, whose, and which plan at which alarm level. */
export interface IncidentForRecommendation {
  readonly id: string;
  readonly typeCode: string;
  readonly alarmLevel: number;
  readonly location: LatLon;
  readonly jurisdiction: string;
}

/** Recommendation for an incident, its requirements taken from its type's plan at its alarm level. */
export function recommendForIncident(
  incident: IncidentForRecommendation,
  catalogue: IncidentCatalogue,
  units: readonly CandidateUnit[],
  travel: TravelTimes,
  options?: RecommendOptions,
): Recommendation {
  const requirements = planAtLevel(getIncidentType(catalogue, incident.typeCode), incident.alarmLevel);
  return recommendUnits({ incident, requirements, units, travel, ...(options ? { options } : {}) });
}

function assess(unit: CandidateUnit, req: RecommendationRequest, opts: RecommendOptions): Ranked {
  const eta = estimateEta(unit, req.incident.location, req.travel, opts);
  const alreadyAssigned = isCommittedTo(unit, req.incident.id);
  const ineligible = alreadyAssigned ? [] : ineligibility(unit, eta, req.incident.jurisdiction, opts);
  const a: UnitAssessment = {
    unitId: unit.id,
    eta,
    straightLine: eta?.source === 'straight_line',
    alreadyAssigned,
    ineligible,
  };
  return { unit, a, eligible: ineligible.length === 0 };
}

/** Matroid greedy: keep each eligible unit (in rank order) if the kept set still fits into the slots. */
function selectGreedy(
  ranked: readonly Ranked[],
  slotCount: number,
  canFill: (r: Ranked, s: number) => boolean,
): Ranked[] {
  const owner: (number | null)[] = Array.from({ length: slotCount }, () => null);
  const pool = ranked.filter((r) => r.eligible);
  const chosen: Ranked[] = [];
  // Units that can fill the same slots are interchangeable: once one of them could not be
  // added, no later one can (the chosen set only grows), so skip them without a search.
  const failed = new Set<string>();
  const augment = (u: number, seen: boolean[]): boolean => {
    for (let s = 0; s < slotCount; s++) {
      if (seen[s] || !canFill(pool[u]!, s)) continue;
      seen[s] = true;
      if (owner[s] === null || augment(owner[s]!, seen)) {
        owner[s] = u;
        return true;
      }
    }
    return false;
  };
  for (let u = 0; u < pool.length && chosen.length < slotCount; u++) {
    const signature = Array.from({ length: slotCount }, (_, s) => (canFill(pool[u]!, s) ? 1 : 0)).join('');
    if (!signature.includes('1') || failed.has(signature)) continue;
    if (augment(u, new Array<boolean>(slotCount).fill(false))) chosen.push(pool[u]!);
    else failed.add(signature);
  }
  return chosen;
}

/** Slot by slot in plan order, the fastest chosen unit that still lets the rest fit the remaining slots. */
function placeCanonically(
  chosen: readonly Ranked[],
  slotCount: number,
  canFill: (r: Ranked, s: number) => boolean,
): (Ranked | null)[] {
  const placement: (Ranked | null)[] = [];
  let rest = [...chosen];
  for (let s = 0; s < slotCount; s++) {
    const later = Array.from({ length: slotCount - s - 1 }, (_, k) => s + 1 + k);
    const pick = rest.find((r) => {
      if (!canFill(r, s)) return false;
      const others = rest.filter((o) => o !== r);
      return bipartiteMatchingSize(others, later, canFill) === others.length;
    });
    placement.push(pick ?? null);
    if (pick) rest = rest.filter((o) => o !== pick);
  }
  return placement;
}

function explainRequirement(
  requirement: ResourceRequirement,
  ri: number,
  ranked: readonly Ranked[],
  chosen: readonly Ranked[],
  fillOf: ReadonlyMap<string, number>,
  opts: RecommendOptions,
): RequirementFill {
  const missing = requirement.count - chosen.length;
  const worst = missing > 0 ? null : chosen.reduce((w, r) => (compareRanked(r, w) > 0 ? r : w));
  const max = opts.maxSkippedPerRequirement ?? 10;
  const skipped: SkippedUnit[] = [];
  let notShown = 0;
  for (const r of ranked) {
    if (worst && compareRanked(r, worst) >= 0) break;
    if (fillOf.get(r.unit.id) === ri) continue;
    if (skipped.length >= max) {
      notShown++;
      continue;
    }
    const reasons: SkipReason[] = [...r.a.ineligible];
    if (!r.unit.capabilities.includes(requirement.capability)) reasons.push('lacks_capability');
    const filling = fillOf.get(r.unit.id);
    if (filling !== undefined) reasons.push('filled_other_requirement');
    skipped.push(filling === undefined ? { ...r.a, reasons } : { ...r.a, reasons, filling });
  }
  return {
    requirement,
    chosen: [...chosen].sort(byEta).map((r) => r.a),
    missing,
    skipped,
    skippedNotShown: notShown,
  };
}

function unmetOf(
  fill: RequirementFill,
  ri: number,
  ranked: readonly Ranked[],
  fillOf: ReadonlyMap<string, number>,
): UnmetRequirement {
  const blockers: Partial<Record<IneligibleReason, number>> = {};
  for (const r of ranked) {
    if (!r.unit.capabilities.includes(fill.requirement.capability) || fillOf.has(r.unit.id)) continue;
    for (const reason of r.a.ineligible) blockers[reason] = (blockers[reason] ?? 0) + 1;
  }
  return { requirementIndex: ri, capability: fill.requirement.capability, missing: fill.missing, blockers };
}

const REASON_TEXT: Record<IneligibleReason, { zh: string; en: string }> = {
  off_duty: { zh: '未在岗', en: 'off duty' },
  off_shift: { zh: '不在班次内', en: 'off shift' },
  out_of_service: { zh: '停用', en: 'out of service' },
  busy: { zh: '执行任务中', en: 'busy' },
  stale_position: { zh: '定位过期', en: 'stale position' },
  no_position: { zh: '无定位', en: 'no position' },
  no_route: { zh: '无可达道路', en: 'no road route' },
  out_of_jurisdiction: { zh: '非本辖区', en: 'outside jurisdiction' },
};

/** A dispatcher-facing sentence for an unmet requirement, e.g. "Plan cannot be met: 1 ambulance missing (2 busy)". */
export function describeUnmet(u: UnmetRequirement, lang: 'zh' | 'en'): string {
  const name = CAPABILITIES[u.capability][lang];
  const parts = Object.entries(u.blockers).map(
    ([k, n]) => `${n} ${REASON_TEXT[k as IneligibleReason][lang]}`,
  );
  if (lang === 'zh') {
    const why = parts.length ? `（${parts.join('，')}）` : '（无此类单位）';
    return `预案无法满足：缺少${u.missing}个${name}${why}`;
  }
  const why = parts.length ? ` (${parts.join(', ')})` : ' (no such unit)';
  return `Plan cannot be met: no ${name} available for ${u.missing} slot(s)${why}`;
}
