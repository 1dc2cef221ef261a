// Local wall-clock times ('YYYY-MM-DD HH:MM[:SS]') of imported records to instants in an IANA
// time zone. Offsets are cached per zone and local hour, since imports repeat hours a lot.
import { offsetMinutesAt, zonedToInstant } from '../../../core/time/zoned-time.ts';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const offsetCache = new Map<string, number>();

/**
 * The instant of a local wall-clock time in `zone`, or null when the text is not a valid
 * 'YYYY-MM-DD HH:MM[:SS]' time. In the autumn overlap the earlier instant is taken; times in the
 * spring gap are moved forward by the gap, like most databases do.
 */
export function localTimeToInstant(text: string, zone: string): Date | null {
  const m = LOCAL.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 59) return null;
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  if (new Date(wall).getUTCDate() !== d) return null;
  const key = `${zone}|${wall - (mi! * 60 + s!) * 1000}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const t = zonedToInstant({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: s! }, zone);
    // A wall time the clocks skipped reads with the offset in force just before the jump.
    offset =
      t + offsetMinutesAt(t, zone) * 60000 === wall ? (wall - t) / 60000 : offsetMinutesAt(t - 1, zone);
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return new Date(wall - offset * 60000);
}
