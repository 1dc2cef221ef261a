// Unit shifts: weekly schedules of local wall-clock times. "On duty" means inside a shift.

/** One weekly shift: days 1 = Monday .. 7 = Sunday, times "HH:MM" local; an end at or before the start runs past midnight. */
export interface Shift {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

/** Whether a unit is inside a shift now, and when that next changes (null: it never does). */
export interface ShiftState {
  readonly onShift: boolean;
  readonly until: Date | null;
}

const DAY = 1440;
const WEEK = 7 * DAY;
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Minute of the local week (0 = Monday 00:00) and seconds into that minute, at `at` in `timeZone`. */
export function localWeekMinute(at: Date, timeZone: string): { minute: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '0';
  const day = WEEKDAYS[get('weekday')] ?? 1;
  return {
    minute: (day - 1) * DAY + Number(get('hour')) * 60 + Number(get('minute')),
    seconds: Number(get('second')) + at.getUTCMilliseconds() / 1000,
  };
}

/** The shifts as merged [start, end) minute intervals over two weeks, so one crossing Sunday night is whole. */
function intervals(shifts: readonly Shift[]): [number, number][] {
  const raw: [number, number][] = [];
  for (const s of shifts) {
    const start = minutesOf(s.start);
    // "23:59" is how forms say "until midnight": the last minute belongs to the shift.
    let end = s.end === '23:59' ? DAY : minutesOf(s.end);
    if (end <= start) end += DAY;
    for (const d of s.days) {
      for (const week of [0, WEEK]) raw.push([week + (d - 1) * DAY + start, week + (d - 1) * DAY + end]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([...iv]);
  }
  return merged;
}

/**
 * Whether a unit with these shifts is on duty at `at` (wall-clock times in `timeZone`), and
 * until when. No shifts recorded: always on duty (the status alone decides).
 */
export function shiftState(shifts: readonly Shift[], at: Date, timeZone = 'UTC'): ShiftState {
  if (shifts.length === 0) return { onShift: true, until: null };
  const list = intervals(shifts);
  const { minute, seconds } = localWeekMinute(at, timeZone);
  const inWeek = (m: number) => list.find(([s, e]) => s <= m && m < e);
  const at0 = at.getTime() - seconds * 1000;
  const dateAt = (m: number) => new Date(at0 + (m - minute) * 60_000);
  const current = inWeek(minute) ?? inWeek(minute + WEEK);
  if (current) {
    const from = current[0] <= minute ? minute : minute + WEEK;
    // Covering the whole week: never goes off.
    if (current[1] - current[0] >= WEEK) return { onShift: true, until: null };
    return { onShift: true, until: dateAt(current[1] - (from - minute)) };
  }
  const next = list.find(([s]) => s > minute);
  return { onShift: false, until: next ? dateAt(next[0]) : null };
}
