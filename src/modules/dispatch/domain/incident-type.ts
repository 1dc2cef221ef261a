import { DispatchError } from './errors.ts';
import { isPriority, type Priority } from './timer-thresholds.ts';
import { type Capability, isCapability, type LocalizedText } from './unit-kinds.ts';
import { assertNoIssues, hasText, type ValidationIssue } from './validation.ts';

/** Incident categories used for statistics, duplicate matching and routing to departments. */
export const INCIDENT_CATEGORIES = [
  'crime',
  'traffic',
  'fire',
  'medical',
  'dispute',
  'public_order',
  'hazard',
  'assistance',
  'non_emergency',
] as const;
/** One incident category. */
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** `count` units having `capability`. */
export interface ResourceRequirement {
  readonly capability: Capability;
  readonly count: number;
}

/** A scripted call-taking prompt: a question to ask or an instruction to give the caller. */
export interface CallQuestion {
  readonly id: string;
  readonly kind: 'question' | 'instruction';
  readonly text: LocalizedText;
}

/** An incident type with its response plan, call-taking script and hazards. */
export interface IncidentType {
  /** Stable code, upper snake case (`TRAFFIC_ACCIDENT_INJURY`). */
  readonly code: string;
  readonly name: LocalizedText;
  readonly category: IncidentCategory;
  readonly defaultPriority: Priority;
  /** Alarm levels; `plan[0]` is level 1 and each further level adds resources to the one before. */
  readonly plan: readonly (readonly ResourceRequirement[])[];
  readonly questions: readonly CallQuestion[];
  /** Hints shown to call taker and responders (officer and crew safety). */
  readonly hazards: readonly LocalizedText[];
  /** Codes of this type in external lists, keyed by list (`nibrs`, `nfirs`, `cn110`...). */
  readonly externalCodes: Readonly<Record<string, string>>;
  /** Non-emergency: may be referred to the community grid instead of dispatching a unit. */
  readonly nonEmergency: boolean;
  /** Other type codes a call about the same event may have been typed as (for duplicate detection). */
  readonly compatibleWith: readonly string[];
  /** Inactive types stay for history but are not offered for new calls. */
  readonly active: boolean;
}

/** Highest alarm level the type defines. */
export function maxAlarmLevel(type: IncidentType): number {
  return type.plan.length;
}

/** The cumulative requirements at an alarm level (1-based), same capabilities merged, in plan order. */
export function planAtLevel(type: IncidentType, level: number): ResourceRequirement[] {
  if (!Number.isInteger(level) || level < 1 || level > type.plan.length) {
    throw new DispatchError(
      'dispatch.invalid_alarm_level',
      `${type.code} has alarm levels 1..${type.plan.length}`,
      {
        typeCode: type.code,
        level,
        max: type.plan.length,
      },
    );
  }
  const counts = new Map<Capability, number>();
  for (const step of type.plan.slice(0, level)) {
    for (const r of step) counts.set(r.capability, (counts.get(r.capability) ?? 0) + r.count);
  }
  return [...counts].map(([capability, count]) => ({ capability, count }));
}

const CODE_RE = /^[A-Z][A-Z0-9_]{1,39}$/;
const EXTERNAL_KEY_RE = /^[a-z][a-z0-9_]{0,31}$/;
const MAX_UNITS_PER_STEP = 50;

/** Problems in one incident type as an admin edited it; empty when valid. */
export function validateIncidentType(type: IncidentType, pathPrefix = ''): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, code: string, message: string) =>
    issues.push({ path: pathPrefix + path, code, message });
  if (!CODE_RE.test(type.code))
    add('code', 'bad_code', `code "${type.code}" must be upper snake case, 2-40 chars`);
  if (!hasText(type.name?.zh) || !hasText(type.name?.en))
    add('name', 'missing_name', 'zh and en names required');
  if (!(INCIDENT_CATEGORIES as readonly string[]).includes(type.category)) {
    add('category', 'bad_category', `unknown category "${type.category}"`);
  }
  if (!isPriority(type.defaultPriority)) add('defaultPriority', 'bad_priority', 'priority must be 1..4');
  if (type.nonEmergency && type.defaultPriority < 3) {
    add('defaultPriority', 'non_emergency_priority', 'a non-emergency type must have priority 3 or 4');
  }
  validatePlan(type.plan, add);
  validateQuestions(type.questions, add);
  type.hazards.forEach((h, i) => {
    if (!hasText(h.zh) || !hasText(h.en)) add(`hazards[${i}]`, 'missing_text', 'hazard needs zh and en text');
  });
  for (const [k, v] of Object.entries(type.externalCodes)) {
    if (!EXTERNAL_KEY_RE.test(k))
      add(`externalCodes.${k}`, 'bad_key', `list key "${k}" must be lower snake case`);
    if (!hasText(v)) add(`externalCodes.${k}`, 'missing_text', 'external code must not be empty');
  }
  if (type.compatibleWith.includes(type.code)) add('compatibleWith', 'self', 'a type need not list itself');
  return issues;
}

type Add = (path: string, code: string, message: string) => void;

function validatePlan(plan: IncidentType['plan'], add: Add): void {
  if (plan.length === 0) add('plan', 'empty_plan', 'at least alarm level 1 is required');
  plan.forEach((step, li) => {
    if (step.length === 0) add(`plan[${li}]`, 'empty_level', `alarm level ${li + 1} adds nothing`);
    const seen = new Set<string>();
    step.forEach((r, ri) => {
      const path = `plan[${li}][${ri}]`;
      if (!isCapability(r.capability))
        add(`${path}.capability`, 'bad_capability', `unknown capability "${r.capability}"`);
      if (seen.has(r.capability))
        add(`${path}.capability`, 'repeated', `"${r.capability}" listed twice in one level`);
      seen.add(r.capability);
      if (!Number.isInteger(r.count) || r.count < 1 || r.count > MAX_UNITS_PER_STEP) {
        add(`${path}.count`, 'bad_count', `count must be an integer 1..${MAX_UNITS_PER_STEP}`);
      }
    });
  });
}

function validateQuestions(questions: IncidentType['questions'], add: Add): void {
  const ids = new Set<string>();
  questions.forEach((q, i) => {
    if (!hasText(q.id)) add(`questions[${i}].id`, 'missing_id', 'question id required');
    if (ids.has(q.id)) add(`questions[${i}].id`, 'repeated', `question id "${q.id}" repeated`);
    ids.add(q.id);
    if (q.kind !== 'question' && q.kind !== 'instruction')
      add(`questions[${i}].kind`, 'bad_kind', 'kind must be question or instruction');
    if (!hasText(q.text?.zh) || !hasText(q.text?.en))
      add(`questions[${i}].text`, 'missing_text', 'zh and en text required');
  });
}

/** Problems across a whole catalogue: each type's own, duplicate codes, dangling compatibility links. */
export function validateCatalogue(types: readonly IncidentType[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const codes = new Set<string>();
  types.forEach((t, i) => {
    issues.push(...validateIncidentType(t, `[${i}].`));
    if (codes.has(t.code))
      issues.push({ path: `[${i}].code`, code: 'duplicate_code', message: `code ${t.code} repeated` });
    codes.add(t.code);
  });
  types.forEach((t, i) => {
    for (const c of t.compatibleWith) {
      if (!codes.has(c)) {
        issues.push({
          path: `[${i}].compatibleWith`,
          code: 'unknown_type',
          message: `${t.code} lists unknown type ${c}`,
        });
      }
    }
  });
  return issues;
}

/** A validated catalogue indexed by code. */
export type IncidentCatalogue = ReadonlyMap<string, IncidentType>;

/** Validates the types (throws `dispatch.invalid_catalogue` with every issue) and indexes them by code. */
export function createCatalogue(types: readonly IncidentType[]): IncidentCatalogue {
  assertNoIssues(validateCatalogue(types), 'dispatch.invalid_catalogue', 'Incident type catalogue');
  return new Map(types.map((t) => [t.code, t]));
}

/** The type with this code; throws `dispatch.unknown_incident_type` when absent. */
export function getIncidentType(catalogue: IncidentCatalogue, code: string): IncidentType {
  const t = catalogue.get(code);
  if (!t)
    throw new DispatchError('dispatch.unknown_incident_type', `Unknown incident type ${code}`, {
      typeCode: code,
    });
  return t;
}

/**
 * How two type codes relate for duplicate matching: `same`, `compatible` (same category or listed
 * in either's compatibleWith) or null when a call of one cannot be about an incident of the other.
 */
export function typeRelation(
  catalogue: IncidentCatalogue,
  a: string,
  b: string,
): 'same' | 'compatible' | null {
  if (a === b) return 'same';
  const ta = catalogue.get(a);
  const tb = catalogue.get(b);
  if (!ta || !tb) return null;
  if (ta.category === tb.category || ta.compatibleWith.includes(b) || tb.compatibleWith.includes(a)) {
    return 'compatible';
  }
  return null;
}
