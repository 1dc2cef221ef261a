import type { CallQuestion, IncidentCategory, IncidentType } from './incident-type.ts';
import type { Priority } from './timer-thresholds.ts';
import type { Capability, LocalizedText } from './unit-kinds.ts';

const q = (zh: string, en: string) => ({ kind: 'question' as const, text: { zh, en } });
const i = (zh: string, en: string) => ({ kind: 'instruction' as const, text: { zh, en } });

/**
 * Shared call-taking prompts, referenced by id from the default catalogue. They ask about the
 * event, never about a person's health record, origin or beliefs.
 */
export const CALL_PROMPTS = {
  location: q(
    '请说明具体地址、楼栋或附近标志物。',
    'What is the exact address, building or nearest landmark?',
  ),
  in_progress: q('事情现在还在发生吗？', 'Is it happening right now?'),
  injuries: q('有没有人受伤？大约几人？', 'Is anyone hurt? How many?'),
  weapons: q('是否看到刀、枪或其他凶器？', 'Have you seen a knife, gun or other weapon?'),
  suspects: q('对方几个人？衣着、车辆有什么特征？', 'How many people are involved? Clothing, vehicle?'),
  direction: q('往哪个方向离开？步行还是乘车？', 'Which way did they go? On foot or in a vehicle?'),
  when: q('大约什么时候发生的？', 'About when did it happen?'),
  caller_safe: q('您现在所处位置安全吗？', 'Are you in a safe place now?'),
  children: q('现场有儿童吗？', 'Are there children present?'),
  vehicles: q('涉及几辆车？是否占用车道？', 'How many vehicles? Are lanes blocked?'),
  trapped: q('有没有人被困？', 'Is anyone trapped?'),
  leaking: q('车辆或容器是否有泄漏、冒烟？', 'Is anything leaking or smoking?'),
  flames: q('能看到明火或浓烟吗？在几楼？', 'Can you see flames or heavy smoke? Which floor?'),
  occupants: q('里面还有人吗？', 'Is anyone still inside?'),
  conscious: q('当事人是否清醒、有无呼吸？', 'Is the person awake and breathing?'),
  count_people: q('现场大约有多少人？', 'About how many people are there?'),
  substance: q('闻到什么气味？容器上有无危险标志？', 'What do you smell? Any hazard labels on containers?'),
  last_seen: q(
    '最后一次在哪里、什么时候见到？当时穿着？',
    'Where and when last seen? What were they wearing?',
  ),
  property: q('丢失或损坏了什么物品？价值大约多少？', 'What was lost or damaged? Roughly what value?'),
  plate: q('车牌号、品牌、颜色？', 'Licence plate, make and colour?'),
  water: q(
    '落水位置、水流情况？对方是否还在水面？',
    'Where did they enter the water? Current? Still visible?',
  ),
  animal: q('是什么动物？是否有人被咬伤？', 'What kind of animal? Has anyone been bitten?'),
  evacuate: i('请立即离开建筑，不要使用电梯。', 'Leave the building now; do not use the lifts.'),
  no_switches: i(
    '不要开关电器、不要使用明火，打开门窗通风并离开。',
    'Do not touch switches or flames; open windows and leave.',
  ),
  stay_away: i('请远离现场，不要靠近或触碰。', 'Keep away; do not approach or touch it.'),
  hazard_lights: i(
    '打开危险警示灯，人员撤到护栏外。',
    'Turn on hazard lights and get everyone behind the barrier.',
  ),
  do_not_pursue: i('请不要追赶，注意自身安全。', 'Do not follow them; keep yourself safe.'),
  cpr_ready: i(
    '请保持电话畅通，准备按指导进行心肺复苏。',
    'Stay on the line and get ready for CPR instructions.',
  ),
  preserve_scene: i('请保护好现场，不要触动物品。', 'Leave the scene as it is; do not touch anything.'),
} as const satisfies Record<string, Omit<CallQuestion, 'id'>>;

/** Id of a shared call-taking prompt. */
export type CallPromptId = keyof typeof CALL_PROMPTS;

/** The prompts with these ids, in the order given, ready to embed in an incident type. */
export function callScript(...ids: CallPromptId[]): CallQuestion[] {
  return ids.map((id) => ({ id, ...CALL_PROMPTS[id] }));
}

/** Shared responder safety hints, referenced from the default catalogue. */
export const HAZARD_HINTS = {
  armed_suspect: { zh: '嫌疑人可能持有凶器', en: 'Suspect may be armed' },
  suspect_nearby: { zh: '嫌疑人可能仍在附近', en: 'Suspect may still be nearby' },
  moving_traffic: { zh: '注意过往车辆，设置警示区', en: 'Moving traffic: set up a protected work zone' },
  fuel_leak: { zh: '可能有燃油泄漏', en: 'Possible fuel leak' },
  smoke: { zh: '烟气、有毒气体', en: 'Smoke and toxic gases' },
  collapse: { zh: '建筑结构可能坍塌', en: 'Structure may collapse' },
  electricity: { zh: '带电设备，防止触电', en: 'Live electricity' },
  gas: { zh: '可燃气体，禁止明火和电火花', en: 'Flammable gas: no flames or sparks' },
  chemical: { zh: '危险化学品，上风向接近', en: 'Hazardous chemicals: approach from upwind' },
  crowd: { zh: '人员密集，注意踩踏风险', en: 'Dense crowd: crush risk' },
  escalation: { zh: '情绪激动，冲突可能升级', en: 'Emotions high: conflict may escalate' },
  children_present: { zh: '现场可能有儿童', en: 'Children may be present' },
  water: { zh: '水流湍急，救援人员需穿戴救生装备', en: 'Fast water: rescuers wear flotation gear' },
  explosive: { zh: '疑似爆炸物，禁止使用无线电近距离通话', en: 'Possible explosive: no radio use close by' },
  animal_bite: { zh: '动物可能攻击', en: 'Animal may attack' },
  infection: { zh: '注意血液、体液防护', en: 'Use blood and body-fluid protection' },
} as const satisfies Record<string, LocalizedText>;

/** Id of a shared hazard hint. */
export type HazardHintId = keyof typeof HAZARD_HINTS;

/** Compact definition used by the default catalogue files. */
export interface IncidentTypeDef {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly category: IncidentCategory;
  readonly priority: Priority;
  /** One object per alarm level: capability -> units added at that level. */
  readonly plan: readonly Partial<Record<Capability, number>>[];
  readonly script: readonly CallPromptId[];
  readonly hazards?: readonly HazardHintId[];
  readonly ext?: Readonly<Record<string, string>>;
  readonly nonEmergency?: boolean;
  readonly compatible?: readonly string[];
}

/** Expands a compact definition into a full incident type. */
export function defineIncidentType(d: IncidentTypeDef): IncidentType {
  return {
    code: d.code,
    name: { zh: d.zh, en: d.en },
    category: d.category,
    defaultPriority: d.priority,
    plan: d.plan.map((level) =>
      Object.entries(level).map(([capability, count]) => ({
        capability: capability as Capability,
        count: count!,
      })),
    ),
    questions: callScript(...d.script),
    hazards: (d.hazards ?? []).map((h) => HAZARD_HINTS[h]),
    externalCodes: d.ext ?? {},
    nonEmergency: d.nonEmergency ?? false,
    compatibleWith: d.compatible ?? [],
    active: true,
  };
}
