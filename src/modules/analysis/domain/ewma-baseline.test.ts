import { gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { parseDay } from './civil-date.ts';
import {
  type CellHourEvent,
  ewmaAlarms,
  ewmaChart,
  hourOfWeek,
  hourOfWeekBaseline,
} from './ewma-baseline.ts';
import { createRng, randomInt, randomPoisson } from './rng.ts';

const cells = gridDisk(latLngToCell(41.85, -87.68, 8), 4);
const start = parseDay('2024-01-01'); // a Monday

/** Events with a night-heavy weekly shape, uniform over cells: ~3 events per hour city-wide. */
function synthetic(days: number, seed: number): CellHourEvent[] {
  const rng = createRng(seed);
  const out: CellHourEvent[] = [];
  for (let d = 0; d < days; d++) {
    for (let hour = 0; hour < 24; hour++) {
      const rate = hour >= 20 || hour < 3 ? 5 : 2;
      const n = randomPoisson(rng, rate);
      for (let i = 0; i < n; i++)
        out.push({ cell: cells[randomInt(rng, cells.length)]!, day: start + d, hour });
    }
  }
  return out;
}

describe('hourOfWeekBaseline', () => {
  it('is N_c·N_h/(N·weeks) and sums to the weekly total', () => {
    expect(hourOfWeek(start, 0)).toBe(0);
    expect(hourOfWeek(start + 6, 23)).toBe(167);
    const events = synthetic(56, 1);
    const b = hourOfWeekBaseline(events, start, start + 55);
    let sum = 0;
    for (const c of cells) for (let h = 0; h < 168; h++) sum += b.expected(c, h);
    expect(sum).toBeCloseTo(events.length / 8, 8);
    expect(b.expected('8826641901fffff', 5)).toBe(0);
  });
});

describe('ewmaChart', () => {
  it('tracks the exact variance of a Poisson EWMA and alarms on a jump', () => {
    const steps = ewmaChart([0, 0, 0, 5, 6], [0.5, 0.5, 0.5, 0.5, 0.5], {
      lambda: 0.5,
      threshold: 3,
      minEvents: 3,
    });
    expect(steps[0]!.sd).toBeCloseTo(Math.sqrt(0.25 * 0.5), 12);
    expect(steps[1]!.sd).toBeCloseTo(Math.sqrt(0.25 * 0.5 + 0.25 * 0.25 * 0.5), 12);
    expect(steps.map((s) => s.alarm)).toEqual([false, false, false, true, true]);
  });
});

describe('ewmaAlarms', () => {
  it('flags an injected burst and stays quiet elsewhere', () => {
    const history = synthetic(56, 2);
    const baseline = hourOfWeekBaseline(history, start, start + 55);
    const monitorFrom = start + 56;
    const monitorTo = start + 56 + 27;
    const current = synthetic(84, 3).filter((e) => e.day >= monitorFrom);
    const target = cells[17]!;
    const burstDay = monitorFrom + 10;
    for (let i = 0; i < 6; i++) current.push({ cell: target, day: burstDay, hour: 14 + (i % 3) });
    const alarms = ewmaAlarms(current, baseline, monitorFrom, monitorTo, { lambda: 0.2, threshold: 3.5 });
    const hit = alarms.find((a) => a.cell === target && a.day === burstDay);
    expect(hit).toBeDefined();
    const others = alarms.filter((a) => a !== hit);
    const perMonth = others.length / (28 / 30.4375);
    console.log(
      `EWMA: burst flagged at ${hit!.hour}:00 (z ${hit!.z.toFixed(1)}); ${others.length} other alarms over 61 cells × 28 days = ${perMonth.toFixed(2)}/month`,
    );
    expect(others.length).toBeLessThanOrEqual(10);
  });
});
