// Templates for public warnings: the fixed CAP fields of common public-safety messages.
import type {
  CapCategory,
  CapCertainty,
  CapResponseType,
  CapSeverity,
  CapUrgency,
} from './domain/cap-model.ts';

/** Defaults a template gives a new warning. */
export interface CapTemplate {
  code: string;
  categories: CapCategory[];
  event: { en: string; 'zh-CN': string };
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  instruction: { en: string; 'zh-CN': string };
}

/** The built-in templates. */
export const CAP_TEMPLATES: readonly CapTemplate[] = [
  {
    code: 'public_safety',
    categories: ['Safety'],
    event: { en: 'Public safety warning', 'zh-CN': '公共安全警示' },
    responseTypes: ['Monitor'],
    urgency: 'Expected',
    severity: 'Moderate',
    certainty: 'Likely',
    instruction: {
      en: 'Stay alert and follow instructions from the authorities.',
      'zh-CN': '请保持警惕，听从有关部门指引。',
    },
  },
  {
    code: 'crime_cluster',
    categories: ['Security'],
    event: { en: 'Increase in crime', 'zh-CN': '案件高发提示' },
    responseTypes: ['Prepare'],
    urgency: 'Expected',
    severity: 'Minor',
    certainty: 'Observed',
    instruction: {
      en: 'Lock doors and vehicles; report suspicious activity.',
      'zh-CN': '请锁好门窗和车辆，发现可疑情况及时报警。',
    },
  },
  {
    code: 'evacuation',
    categories: ['Safety', 'Fire'],
    event: { en: 'Evacuation', 'zh-CN': '紧急疏散' },
    responseTypes: ['Evacuate'],
    urgency: 'Immediate',
    severity: 'Severe',
    certainty: 'Observed',
    instruction: {
      en: 'Leave the area now by the nearest safe route.',
      'zh-CN': '请立即沿最近的安全路线离开该区域。',
    },
  },
  {
    code: 'road_closure',
    categories: ['Transport'],
    event: { en: 'Road closure', 'zh-CN': '道路封闭' },
    responseTypes: ['Avoid'],
    urgency: 'Expected',
    severity: 'Minor',
    certainty: 'Observed',
    instruction: { en: 'Avoid the area and use other routes.', 'zh-CN': '请绕行其他道路。' },
  },
];
