/** Civil (wall-clock) date and time in some time zone. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

/** Time zone used when a jurisdiction does not name one. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link daysFromCivil}. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a day number. */
export function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a day number. */
export function formatDayNumber(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Day number of a strict `YYYY-MM-DD` date, or null when malformed or not a real date. */
export function parseIsoDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidCivilDate(year, month, day)) return null;
  return daysFromCivil(year, month, day);
}

/** Whether y-m-d names a real Gregorian date. */
export function isValidCivilDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const c = civilFromDays(daysFromCivil(year, month, day));
  return c.year === year && c.month === month && c.day === day;
}

const formatters = new Map<string, { fast: Intl.DateTimeFormat; withEra: Intl.DateTimeFormat }>();

const FIELDS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers want.
    f = {
      fast: new Intl.DateTimeFormat('en-US', { timeZone, ...FIELDS }),
      withEra: new Intl.DateTimeFormat('en-US', { timeZone, era: 'short', ...FIELDS }),
    };
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows this IANA time zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// en-US, h23: "1/5/2015, 13:40:41". Parsing format() is ~3x faster than formatToParts().
const FAST = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;
// Before 0002-01-01 the era matters (year 1 BC vs AD 1), so take the slow, explicit path.
const ERA_SAFE_FROM = daysFromCivil(2, 1, 1) * 86_400_000;

/** Wall-clock reading of an instant in a time zone. */
export function zonedParts(instantMs: number, timeZone: string): LocalDateTime {
  const f = formatterFor(timeZone);
  const millisecond = ((instantMs % 1000) + 1000) % 1000;
  const m = instantMs >= ERA_SAFE_FROM ? FAST.exec(f.fast.format(instantMs)) : null;
  if (m) {
    const [month, day, year, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
    return {
      year: year!,
      month: month!,
      day: day!,
      hour: hour!,
      minute: minute!,
      second: second!,
      millisecond,
    };
  }
  const out: Record<string, number> = {};
  let bc = false;
  for (const p of f.withEra.formatToParts(instantMs)) {
    if (p.type === 'era') bc = p.value === 'BC' || p.value === 'B';
    else if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: bc ? 1 - (out.year ?? 0) : (out.year ?? 0),
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
    millisecond,
  };
}

function localAsUtc(l: LocalDateTime): number {
  return (
    daysFromCivil(l.year, l.month, l.day) * MS_PER_DAY +
    ((l.hour * 60 + l.minute) * 60 + l.second) * 1000 +
    (l.millisecond ?? 0)
  );
}

/** UTC offset (minutes east of Greenwich) in force at an instant. */
export function offsetMinutesAt(instantMs: number, timeZone: string): number {
  const floored = Math.floor(instantMs / 1000) * 1000;
  const local = zonedParts(floored, timeZone);
  return Math.round((localAsUtc({ ...local, millisecond: 0 }) - floored) / MS_PER_MINUTE);
}

const dayOffsets = new Map<string, readonly [number, number]>();

/** Offsets in force a day before and a day after a local day (cached: imports convert millions of times). */
function offsetsAroundDay(dayNumber: number, timeZone: string): readonly [number, number] {
  const key = `${timeZone}|${dayNumber}`;
  let hit = dayOffsets.get(key);
  if (!hit) {
    if (dayOffsets.size > 50_000) dayOffsets.clear();
    hit = [
      offsetMinutesAt((dayNumber - 1) * MS_PER_DAY, timeZone),
      offsetMinutesAt((dayNumber + 2) * MS_PER_DAY, timeZone),
    ];
    dayOffsets.set(key, hit);
  }
  return hit;
}

/**
 * Instant of a wall-clock time. Ambiguous times (clocks going back) resolve to the earlier
 * instant; skipped times (clocks going forward) resolve to the instant of the jump, so that
 * "from 02:30" on a spring-forward night means "from when the clocks read later than 02:30".
 */
export function zonedToInstant(local: LocalDateTime, timeZone: string): number {
  const wall = localAsUtc(local);
  const [before, after] = offsetsAroundDay(daysFromCivil(local.year, local.month, local.day), timeZone);
  const valid: number[] = [];
  for (const o of before === after ? [before] : [before, after]) {
    const t = wall - o * MS_PER_MINUTE;
    if (offsetMinutesAt(t, timeZone) === o) valid.push(t);
  }
  if (valid.length > 0) return Math.min(...valid);
  // Skipped wall time: the clocks jump over it, so take the instant of the jump, i.e. the
  // first instant whose wall time is later than the one asked for.
  let lo = wall - Math.max(before, after) * MS_PER_MINUTE;
  let hi = wall - Math.min(before, after) * MS_PER_MINUTE;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMinutesAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Instant at which a local day (day number) starts plus `minuteOfDay` minutes, in a zone. */
export function instantOfLocalMinute(dayNumber: number, minuteOfDay: number, timeZone: string): number {
  const { year, month, day } = civilFromDays(dayNumber);
  if (minuteOfDay >= 24 * 60) {
    return instantOfLocalMinute(dayNumber + 1, minuteOfDay - 24 * 60, timeZone);
  }
  return zonedToInstant(
    { year, month, day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0 },
    timeZone,
  );
}

/** Local day number (days since 1970-01-01 on the zone's calendar) containing an instant. */
export function localDayNumber(instantMs: number, timeZone: string): number {
  const l = zonedParts(instantMs, timeZone);
  return daysFromCivil(l.year, l.month, l.day);
}

/**
 * W3C-profile ISO 8601 date-time with seconds and an explicit offset, as GeoReport v2
 * requires: `2010-04-14T06:37:38-08:00` (offset 0 is written `Z`).
 */
export function formatW3cDateTime(instant: Date | number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('formatW3cDateTime: invalid date');
  const floored = Math.floor(ms / 1000) * 1000;
  const l = zonedParts(floored, timeZone);
  const off = offsetMinutesAt(floored, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const zone = off === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const yearText = l.year >= 0 && l.year <= 9999 ? pad(l.year, 4) : String(l.year);
  return `${yearText}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}${zone}`;
}
