import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AvlFix, acceptAvlFix, DEFAULT_AVL_POLICY, isPositionStale, positionAgeSeconds } from './avl.ts';
import { offsetMetres } from './geo.ts';
import { isCapability, isUnitKind, UNIT_KINDS, unitCapabilities } from './unit-kinds.ts';
import {
  allowedUnitTransitions,
  assertUnitTransition,
  canUnitTransition,
  isIncidentBound,
  UNIT_STATUSES,
} from './unit-status.ts';

const NOW = Date.UTC(2025, 2, 1, 12);
const fix = (secondsAgo: number, east = 0): AvlFix => ({
  ...offsetMetres({ lat: 30, lon: 120 }, east, 0),
  at: NOW - secondsAgo * 1000,
});

describe('unit kinds and statuses', () => {
  it('gives every kind known capabilities and merges extras', () => {
    for (const [kind, info] of Object.entries(UNIT_KINDS)) {
      expect(isUnitKind(kind)).toBe(true);
      expect(info.capabilities.every(isCapability)).toBe(true);
    }
    expect(unitCapabilities('patrol_car', ['k9', 'patrol'])).toEqual(['patrol', 'k9']);
  });

  it('allows only listed status changes and names them on refusal', () => {
    expect(canUnitTransition('dispatched', 'on_scene')).toBe(true);
    expect(canUnitTransition('on_scene', 'off_duty')).toBe(false);
    expect(() => assertUnitTransition('U1', 'on_scene', 'off_duty')).toThrow(
      expect.objectContaining({
        code: 'dispatch.illegal_transition',
        details: expect.objectContaining({ allowed: ['transporting', 'available', 'at_station'] }),
      }),
    );
    for (const s of UNIT_STATUSES) {
      expect(allowedUnitTransitions(s)).not.toContain(s);
      // Every committed status has a way back to service; no free status jumps onto a scene.
      if (isIncidentBound(s)) expect(allowedUnitTransitions(s)).toContain('available');
      else
        expect(
          allowedUnitTransitions(s)
            .filter(isIncidentBound)
            .every((t) => t === 'dispatched'),
        ).toBe(true);
    }
  });
});

describe('AVL fix acceptance', () => {
  it('accepts a fresh fix newer than the latest', () => {
    expect(acceptAvlFix(fix(30), fix(5, 100), NOW)).toEqual({ accepted: true });
    expect(acceptAvlFix(null, fix(5), NOW)).toEqual({ accepted: true });
  });

  it('ignores out-of-order, duplicate, stale, future, inaccurate and teleporting fixes', () => {
    const reason = (latest: AvlFix | null, f: AvlFix) => {
      const d = acceptAvlFix(latest, f, NOW);
      return d.accepted ? 'accepted' : d.reason;
    };
    expect(reason(fix(5), fix(30))).toBe('out_of_order');
    expect(reason(fix(5), fix(5))).toBe('duplicate');
    expect(reason(null, fix(DEFAULT_AVL_POLICY.maxAgeSeconds + 1))).toBe('stale');
    expect(reason(null, fix(-60))).toBe('future');
    expect(reason(null, { ...fix(1), accuracyM: 2000 })).toBe('inaccurate');
    expect(reason(fix(10), fix(5, 5000))).toBe('implausible_jump');
    expect(reason(null, { ...fix(1), lat: 91 })).toBe('invalid');
  });

  it('never lets the kept position go back in time, whatever order fixes arrive in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -40, max: 400 }), { maxLength: 40 }), (ages) => {
        let latest: AvlFix | null = null;
        for (const age of ages) {
          const f = fix(age);
          if (acceptAvlFix(latest, f, NOW).accepted) {
            if (latest) expect(f.at).toBeGreaterThan(latest.at);
            expect(NOW - f.at).toBeLessThanOrEqual(DEFAULT_AVL_POLICY.maxAgeSeconds * 1000);
            latest = f;
          }
        }
      }),
    );
  });

  it('flags positions stale after the configured age', () => {
    expect(isPositionStale(null, NOW)).toBe(true);
    expect(isPositionStale(NOW - 119_000, NOW)).toBe(false);
    expect(isPositionStale(NOW - 121_000, NOW)).toBe(true);
    expect(isPositionStale(NOW - 121_000, NOW, 300)).toBe(false);
    expect(positionAgeSeconds(NOW - 5000, NOW)).toBe(5);
  });
});
