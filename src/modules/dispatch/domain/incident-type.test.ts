import { describe, expect, it } from 'vitest';
import { isDispatchError } from './errors.ts';
import { DEFAULT_INCIDENT_TYPES, defaultCatalogue } from './incident-catalogue.ts';
import {
  createCatalogue,
  getIncidentType,
  INCIDENT_CATEGORIES,
  type IncidentType,
  maxAlarmLevel,
  planAtLevel,
  typeRelation,
  validateCatalogue,
  validateIncidentType,
} from './incident-type.ts';
import {
  assertValidTimerThresholds,
  DEFAULT_TIMER_THRESHOLDS,
  TIMER_KINDS,
  type TimerThresholds,
  validateTimerThresholds,
} from './timer-thresholds.ts';

describe('default incident catalogue', () => {
  const catalogue = defaultCatalogue();

  it('holds about forty valid types covering every category', () => {
    expect(validateCatalogue(DEFAULT_INCIDENT_TYPES)).toEqual([]);
    expect(DEFAULT_INCIDENT_TYPES.length).toBeGreaterThanOrEqual(40);
    const categories = new Set(DEFAULT_INCIDENT_TYPES.map((t) => t.category));
    expect([...categories].sort()).toEqual([...INCIDENT_CATEGORIES].sort());
  });

  it('gives every type a bilingual script and emergency types a unit plan', () => {
    for (const t of DEFAULT_INCIDENT_TYPES) {
      expect(t.questions.length, t.code).toBeGreaterThan(0);
      for (const q of t.questions) expect(q.text.zh && q.text.en).toBeTruthy();
      expect(planAtLevel(t, 1).length, t.code).toBeGreaterThan(0);
    }
    expect(DEFAULT_INCIDENT_TYPES.filter((t) => t.nonEmergency).every((t) => t.defaultPriority >= 3)).toBe(
      true,
    );
  });

  it('accumulates resources over alarm levels', () => {
    const t = getIncidentType(catalogue, 'TRAFFIC_ACCIDENT_INJURY');
    expect(planAtLevel(t, 1)).toEqual([
      { capability: 'patrol', count: 1 },
      { capability: 'ems', count: 1 },
    ]);
    expect(planAtLevel(t, 2)).toEqual([
      { capability: 'patrol', count: 1 },
      { capability: 'ems', count: 1 },
      { capability: 'traffic', count: 1 },
    ]);
    const fire = getIncidentType(catalogue, 'STRUCTURE_FIRE');
    expect(maxAlarmLevel(fire)).toBe(3);
    expect(planAtLevel(fire, 3).find((r) => r.capability === 'fire_suppression')?.count).toBe(7);
    expect(() => planAtLevel(t, 3)).toThrow(/alarm levels 1..2/);
  });

  it('relates types for duplicate matching', () => {
    expect(typeRelation(catalogue, 'ASSAULT', 'ASSAULT')).toBe('same');
    expect(typeRelation(catalogue, 'ASSAULT', 'THEFT')).toBe('compatible');
    expect(typeRelation(catalogue, 'VEHICLE_FIRE', 'TRAFFIC_ACCIDENT_INJURY')).toBe('compatible');
    expect(typeRelation(catalogue, 'GAS_LEAK', 'THEFT')).toBeNull();
  });
});

describe('admin edit validation', () => {
  const base: IncidentType = { ...DEFAULT_INCIDENT_TYPES[0]!, compatibleWith: [] };
  const edit = (patch: Partial<IncidentType>): IncidentType => ({ ...base, ...patch });

  it('reports each problem with a path', () => {
    const issues = validateIncidentType(
      edit({
        code: 'bad code',
        name: { zh: '', en: 'x' },
        defaultPriority: 7 as 1,
        plan: [[{ capability: 'jetpack' as 'patrol', count: 0 }], []],
        questions: [
          { id: 'a', kind: 'question', text: { zh: '问', en: 'Q' } },
          { id: 'a', kind: 'question', text: { zh: '问', en: '' } },
        ],
        externalCodes: { NIBRS: '' },
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'code',
      'name',
      'defaultPriority',
      'plan[0][0].capability',
      'plan[0][0].count',
      'plan[1]',
      'questions[1].id',
      'questions[1].text',
      'externalCodes.NIBRS',
      'externalCodes.NIBRS',
    ]);
  });

  it('refuses a catalogue with duplicate codes or dangling links, with a typed error', () => {
    const types = [base, edit({ compatibleWith: ['NOPE'] })];
    expect(validateCatalogue(types).map((i) => i.code)).toEqual(['duplicate_code', 'unknown_type']);
    try {
      createCatalogue(types);
      expect.unreachable();
    } catch (e) {
      expect(isDispatchError(e, 'dispatch.invalid_catalogue')).toBe(true);
    }
    expect(() => getIncidentType(createCatalogue([base]), 'X')).toThrow(/Unknown incident type/);
  });

  it('validates timer thresholds', () => {
    expect(validateTimerThresholds(DEFAULT_TIMER_THRESHOLDS)).toEqual([]);
    const broken = {
      ...DEFAULT_TIMER_THRESHOLDS,
      call_to_dispatch: {
        ...DEFAULT_TIMER_THRESHOLDS.call_to_dispatch,
        1: { warnSeconds: 120, alertSeconds: 60 },
      },
    } as TimerThresholds;
    expect(validateTimerThresholds(broken)).toMatchObject([
      { path: 'call_to_dispatch.1', code: 'warn_not_before_alert' },
    ]);
    expect(() => assertValidTimerThresholds(broken)).toThrow(/Timer thresholds/);
    expect(Object.keys(DEFAULT_TIMER_THRESHOLDS)).toEqual([...TIMER_KINDS]);
  });
});
