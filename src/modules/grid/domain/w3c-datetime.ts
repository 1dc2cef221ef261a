import { daysFromCivil, isValidCivilDate } from '../../../core/time/zoned-time.ts';

/** A parsed W3C-profile ISO 8601 value: an exact instant, or a whole local calendar period. */
export type W3cDateTime =
  | { kind: 'instant'; at: number }
  | { kind: 'period'; startDay: number; endDayExclusive: number };

const FULL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}| \d{2}:\d{2})$/;
const DATE_ONLY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * Parses the six W3C date-time forms (YYYY, YYYY-MM, YYYY-MM-DD, and date-times with minutes,
 * seconds or fractions, which must carry a zone designator). A space where the `+` of the
 * offset belongs is accepted, since an unencoded `+` in a query string decodes to a space.
 * Returns null for anything else, including a date-time without a zone.
 */
export function parseW3cDateTime(text: string): W3cDateTime | null {
  const s = text.trim();
  const full = FULL.exec(s);
  if (full) return parseFull(full);
  const d = DATE_ONLY.exec(s);
  if (!d) return null;
  const year = Number(d[1]);
  if (d[2] === undefined) {
    return {
      kind: 'period',
      startDay: daysFromCivil(year, 1, 1),
      endDayExclusive: daysFromCivil(year + 1, 1, 1),
    };
  }
  const month = Number(d[2]);
  if (month < 1 || month > 12) return null;
  if (d[3] === undefined) {
    const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
    return { kind: 'period', startDay: daysFromCivil(year, month, 1), endDayExclusive: next };
  }
  const day = Number(d[3]);
  if (!isValidCivilDate(year, month, day)) return null;
  const start = daysFromCivil(year, month, day);
  return { kind: 'period', startDay: start, endDayExclusive: start + 1 };
}

function parseFull(m: RegExpExecArray): W3cDateTime | null {
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  if (!isValidCivilDate(year!, month!, day!)) return null;
  if (hour! > 23 || minute! > 59 || second > 59) return null;
  const zone = m[8]!;
  let offset = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const wall =
    daysFromCivil(year!, month!, day!) * 86_400_000 + ((hour! * 60 + minute!) * 60 + second) * 1000;
  return { kind: 'instant', at: wall + fraction - offset * 60_000 };
}

/** Whether a string is a W3C date-time with an explicit zone (the form GeoReport v2 emits). */
export function isW3cInstant(text: string): boolean {
  return parseW3cDateTime(text)?.kind === 'instant';
}
