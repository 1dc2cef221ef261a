/** Groups of request types (Open311 `group`), with their names. */
export const REQUEST_GROUPS: Readonly<Record<string, { zh: string; en: string }>> = {
  hazard: { zh: '安全隐患', en: 'Hazards' },
  roads: { zh: '道路交通', en: 'Roads and traffic' },
  environment: { zh: '环境卫生', en: 'Environment and sanitation' },
  public_order: { zh: '社会治安', en: 'Public order' },
  dispute: { zh: '矛盾纠纷', en: 'Disputes' },
  public_service: { zh: '公共服务', en: 'Public services' },
  other: { zh: '其他', en: 'Other' },
};

/** Display name of a group in a locale; unknown groups show their code. */
export function groupName(code: string, locale: 'zh-CN' | 'en'): string {
  const g = REQUEST_GROUPS[code];
  if (!g) return code;
  return locale === 'zh-CN' ? g.zh : g.en;
}
