import { gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { parseDay } from './civil-date.ts';
import type { CellHourEvent } from './ewma-baseline.ts';
import { ewmaDetect, replayEwma } from './ewma-detection.ts';
import { createRng, randomInt, randomPoisson } from './rng.ts';

const cells = gridDisk(latLngToCell(41.85, -87.68, 8), 1);
const today = parseDay('2024-03-31');

/** Exactly one event per cell at 08:00 and 20:00 every day: a history with no noise at all. */
function flat(days: number): CellHourEvent[] {
  const out: CellHourEvent[] = [];
  for (let d = today - days + 1; d <= today; d++)
    for (const cell of cells) for (const hour of [8, 20]) out.push({ cell, day: d, hour });
  return out;
}

describe('ewmaDetect', () => {
  it('raises nothing on a flat history', () => {
    expect(ewmaDetect(flat(63), { today })).toEqual([]);
  });

  it('raises an injected surge in one cell, with its significance and recurrence interval', () => {
    const surge = Array.from({ length: 8 }, (_, i) => ({ cell: cells[3]!, day: today, hour: 13 + (i % 3) }));
    const alerts = ewmaDetect([...flat(63), ...surge], { today });
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a).toMatchObject({ cell: cells[3], day: today });
    expect(a.hour).toBeGreaterThanOrEqual(13);
    expect(a.hour).toBeLessThanOrEqual(15);
    expect(a.z).toBeGreaterThan(3);
    expect(a.p).toBeLessThan(0.00135);
    expect(a.recurrenceDays).toBeCloseTo(1 / (a.p * cells.length * 24), 6);
    expect(a.observed).toBeGreaterThanOrEqual(3);
    // Hours not yet passed are not charted: at 12:00 the surge has not happened.
    expect(ewmaDetect([...flat(63), ...surge], { today, hoursToday: 12 })).toEqual([]);
  });
});

describe('replayEwma', () => {
  it('detects an injected cluster in a Poisson background and reports false alarms', () => {
    const rng = createRng(3);
    const disk = gridDisk(latLngToCell(41.85, -87.68, 8), 4);
    const from = today - 90;
    const events: CellHourEvent[] = [];
    for (let d = from; d <= today; d++)
      for (let hour = 0; hour < 24; hour++) {
        const n = randomPoisson(rng, hour >= 18 ? 3 : 1.5);
        for (let i = 0; i < n; i++) events.push({ cell: disk[randomInt(rng, disk.length)]!, day: d, hour });
      }
    const r = replayEwma(events, {
      fromDay: today - 20,
      toDay: today,
      alarmRecurrenceDays: 1,
      injections: [{ centre: disk[10]!, radiusK: 0, startDay: today - 10, durationDays: 3, casesPerDay: 12 }],
    });
    expect(r.injections[0]!.detectedDay).not.toBeNull();
    expect(r.injections[0]!.delayDays).toBeLessThanOrEqual(1);
    expect(r.falseAlarmsPerMonth).toBeLessThan(10);
    expect(r.days).toBe(21);
  });
});
