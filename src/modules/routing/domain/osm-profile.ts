/** Which way(s) a road may be driven, relative to the order of its OSM nodes. */
export type Direction = 'both' | 'forward' | 'backward';

/** How a routable way is driven. */
export interface WayTravel {
  readonly speedKmh: number;
  readonly direction: Direction;
}

/** Which roads a vehicle uses and how fast it goes on each class of road. */
export interface RoadProfile {
  /** Default speed per `highway` value; a value not listed here is not drivable. */
  readonly speedsKmh: Readonly<Record<string, number>>;
  /** `highway` values that are one-way unless tagged otherwise. */
  readonly impliedOneway: readonly string[];
}

/** Motor-vehicle profile with typical free-flow speeds for European/Asian urban networks. */
export const CAR_PROFILE: RoadProfile = {
  speedsKmh: {
    motorway: 110,
    motorway_link: 60,
    trunk: 90,
    trunk_link: 50,
    primary: 65,
    primary_link: 40,
    secondary: 55,
    secondary_link: 40,
    tertiary: 45,
    tertiary_link: 35,
    unclassified: 35,
    residential: 30,
    living_street: 10,
    service: 15,
    road: 30,
  },
  impliedOneway: ['motorway', 'motorway_link'],
};

const MAXSPEED = /^(\d+(?:[.,]\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/i;
const UNIT_FACTOR: Record<string, number> = { 'km/h': 1, kmh: 1, kph: 1, mph: 1.609344, knots: 1.852 };

/**
 * A `maxspeed` value in km/h, or null when it gives no number ("none", "walk", "signals", and
 * zone codes like "CN:urban" or "DE:rural", whose meaning is national law: the class default
 * then applies). Of several values ("50;30") the first is used.
 */
export function parseMaxspeed(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = MAXSPEED.exec(value.split(';')[0]!.trim());
  if (match === null) return null;
  const speed = Number(match[1]!.replace(',', '.')) * UNIT_FACTOR[(match[2] ?? 'km/h').toLowerCase()]!;
  return speed > 0 && Number.isFinite(speed) ? speed : null;
}

/**
 * Driving direction from `oneway`, `junction` and the road class; null when the way cannot be
 * routed: `oneway=reversible` changes direction by time of day, and a stale guess would send a
 * unit the wrong way, so such ways are left out.
 */
export function parseOneway(tags: Readonly<Record<string, string>>, profile: RoadProfile): Direction | null {
  switch (tags.oneway?.trim().toLowerCase()) {
    case 'yes':
    case 'true':
    case '1':
      return 'forward';
    case '-1':
    case 'reverse':
      return 'backward';
    case 'reversible':
      return null;
    case 'no':
    case 'false':
    case '0':
    case 'alternating':
      return 'both';
  }
  const junction = tags.junction;
  if (junction === 'roundabout' || junction === 'circular') return 'forward';
  return profile.impliedOneway.includes(tags.highway ?? '') ? 'forward' : 'both';
}

const ACCESS_KEYS = ['motorcar', 'motor_vehicle', 'vehicle', 'access'];
const DENIED = new Set(['no', 'private', 'agricultural', 'forestry']);

/** Whether motor vehicles may use the way: the most specific access tag present decides. */
export function isAccessible(tags: Readonly<Record<string, string>>): boolean {
  for (const key of ACCESS_KEYS) {
    const value = tags[key];
    if (value !== undefined) return !DENIED.has(value.trim().toLowerCase());
  }
  return true;
}

/** How a way with these tags is driven under the profile, or null if it is not routable. */
export function wayTravel(
  tags: Readonly<Record<string, string>>,
  profile: RoadProfile = CAR_PROFILE,
): WayTravel | null {
  const highway = tags.highway;
  if (highway === undefined || !Object.hasOwn(profile.speedsKmh, highway)) return null;
  if (tags.area === 'yes' || !isAccessible(tags)) return null;
  const direction = parseOneway(tags, profile);
  if (direction === null) return null;
  return { speedKmh: parseMaxspeed(tags.maxspeed) ?? profile.speedsKmh[highway]!, direction };
}
