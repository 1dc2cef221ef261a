// Local wall-clock times ('YYYY-MM-DD HH:MM[:SS]') to instants in an IANA time zone, without the
// host time zone. Offsets are cached per zone and local hour, since imports repeat hours a lot.

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of `zone` from UTC at an instant, in minutes (east positive). */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(epochMs))) parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** Whether `zone` is a time zone name the runtime knows ('UTC', 'America/Chicago', ...). */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

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
  const key = `${zone}|${text.slice(0, 13)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const first = zoneOffsetMinutes(zone, wall);
    const second = zoneOffsetMinutes(zone, wall - first * 60000);
    offset = Math.max(first, second);
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return new Date(wall - offset * 60000);
}
