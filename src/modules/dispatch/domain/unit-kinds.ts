/** A text in both UI languages. */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/** What a response plan asks for; a unit fills a requirement when it has the capability. */
export const CAPABILITIES = {
  patrol: { zh: '巡逻警力', en: 'patrol unit' },
  traffic: { zh: '交警', en: 'traffic unit' },
  armed: { zh: '武装处置力量', en: 'armed response unit' },
  supervisor: { zh: '带班指挥', en: 'supervisor' },
  k9: { zh: '警犬', en: 'K9 unit' },
  community: { zh: '社区民警', en: 'community police officer' },
  fire_suppression: { zh: '灭火力量', en: 'fire engine' },
  aerial: { zh: '登高车', en: 'aerial ladder' },
  rescue: { zh: '抢险救援', en: 'rescue unit' },
  water_rescue: { zh: '水域救援', en: 'water rescue unit' },
  ems: { zh: '救护车', en: 'ambulance' },
  hazmat: { zh: '危化品处置', en: 'hazmat unit' },
} as const satisfies Record<string, LocalizedText>;

/** One of the capabilities a response plan can require. */
export type Capability = keyof typeof CAPABILITIES;

/** True when `x` names a known capability. */
export function isCapability(x: unknown): x is Capability {
  return typeof x === 'string' && Object.hasOwn(CAPABILITIES, x);
}

/** A kind of unit with its default capabilities and a speed for straight-line ETA fallbacks. */
export interface UnitKindInfo {
  readonly name: LocalizedText;
  readonly capabilities: readonly Capability[];
  /** Average door-to-door speed used only when no road travel time is known. */
  readonly fallbackSpeedKmh: number;
}

/** Unit kinds; a deployment may give single units extra capabilities (e.g. a patrol car with a K9). */
export const UNIT_KINDS = {
  patrol_car: { name: { zh: '巡逻车', en: 'Patrol car' }, capabilities: ['patrol'], fallbackSpeedKmh: 35 },
  motorcycle: { name: { zh: '摩托巡逻', en: 'Motorcycle' }, capabilities: ['patrol'], fallbackSpeedKmh: 40 },
  foot_patrol: { name: { zh: '徒步巡逻', en: 'Foot patrol' }, capabilities: ['patrol'], fallbackSpeedKmh: 5 },
  joint_armed_patrol: {
    name: { zh: '联勤武装巡逻', en: 'Joint armed patrol' },
    capabilities: ['patrol', 'armed'],
    fallbackSpeedKmh: 35,
  },
  traffic: { name: { zh: '交警车', en: 'Traffic unit' }, capabilities: ['traffic'], fallbackSpeedKmh: 35 },
  supervisor: {
    name: { zh: '带班领导', en: 'Supervisor' },
    capabilities: ['supervisor', 'patrol'],
    fallbackSpeedKmh: 35,
  },
  k9: { name: { zh: '警犬车', en: 'K9 unit' }, capabilities: ['k9', 'patrol'], fallbackSpeedKmh: 35 },
  community_police: {
    name: { zh: '社区民警', en: 'Community police' },
    capabilities: ['community'],
    fallbackSpeedKmh: 20,
  },
  fire_engine: {
    name: { zh: '水罐消防车', en: 'Fire engine' },
    capabilities: ['fire_suppression', 'rescue'],
    fallbackSpeedKmh: 30,
  },
  aerial_ladder: {
    name: { zh: '云梯消防车', en: 'Aerial ladder' },
    capabilities: ['aerial', 'fire_suppression'],
    fallbackSpeedKmh: 25,
  },
  rescue: {
    name: { zh: '抢险救援车', en: 'Rescue unit' },
    capabilities: ['rescue', 'water_rescue'],
    fallbackSpeedKmh: 30,
  },
  ambulance: { name: { zh: '救护车', en: 'Ambulance' }, capabilities: ['ems'], fallbackSpeedKmh: 35 },
  hazmat: { name: { zh: '危化品处置车', en: 'Hazmat unit' }, capabilities: ['hazmat'], fallbackSpeedKmh: 25 },
} as const satisfies Record<string, UnitKindInfo>;

/** One of the unit kinds. */
export type UnitKind = keyof typeof UNIT_KINDS;

/** True when `x` names a known unit kind. */
export function isUnitKind(x: unknown): x is UnitKind {
  return typeof x === 'string' && Object.hasOwn(UNIT_KINDS, x);
}

/** The capabilities of a unit: its kind's defaults plus any extra it carries, without duplicates. */
export function unitCapabilities(kind: UnitKind, extra: readonly Capability[] = []): Capability[] {
  return [...new Set<Capability>([...UNIT_KINDS[kind].capabilities, ...extra])];
}
