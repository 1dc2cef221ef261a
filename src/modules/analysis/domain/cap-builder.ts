import { formatCapCircle, formatCapPolygon, formatDecimal } from './cap-geometry.ts';
import {
  CAP_CATEGORY,
  CAP_CERTAINTY,
  CAP_MSG_TYPE,
  CAP_NAMESPACES,
  CAP_RESPONSE_TYPE,
  CAP_SCOPE,
  CAP_SEVERITY,
  CAP_STATUS,
  CAP_URGENCY,
  type CapAlert,
  type CapArea,
  type CapInfo,
  type CapPolygon,
  type CapReference,
  type CapResource,
  type CapValuePair,
  isCapDateTime,
} from './cap-model.ts';
import { escapeXml } from './xml.ts';

/** Thrown by `buildCapXml` when the alert breaks CAP 1.2 rules; `problems` lists them all. */
export class CapValidationError extends Error {
  override name = 'CapValidationError';
  constructor(readonly problems: string[]) {
    super(`invalid CAP alert: ${problems.join('; ')}`);
  }
}

/** `<references>` text: space-separated "sender,identifier,sent" triples. */
export function formatCapReferences(refs: readonly CapReference[]): string {
  return refs.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ');
}

/** Parses `<references>` text; malformed entries are reported, not guessed. */
export function parseCapReferences(text: string): { references: CapReference[]; problems: string[] } {
  const references: CapReference[] = [];
  const problems: string[] = [];
  for (const triple of text.trim().split(/\s+/).filter(Boolean)) {
    const parts = triple.split(',');
    if (parts.length !== 3 || parts.some((p) => p === '')) problems.push(`malformed reference "${triple}"`);
    else references.push({ sender: parts[0]!, identifier: parts[1]!, sent: parts[2]! });
  }
  return { references, problems };
}

/** The reference to an alert, for the `references` of its Update or Cancel. */
export function capReferenceTo(alert: Pick<CapAlert, 'sender' | 'identifier' | 'sent'>): CapReference {
  return { sender: alert.sender, identifier: alert.identifier, sent: alert.sent };
}

/**
 * An Update or Cancel of an earlier alert: same sender, new identifier and sent time,
 * references = the earlier alert's references plus the earlier alert itself.
 */
export function followUpAlert(
  previous: CapAlert,
  next: { msgType: 'Update' | 'Cancel'; identifier: string; sent: string } & Partial<CapAlert>,
): CapAlert {
  const refs = [...previous.references, capReferenceTo(previous)];
  const unique = refs.filter(
    (r, i) => refs.findIndex((x) => formatCapReferences([x]) === formatCapReferences([r])) === i,
  );
  return { ...previous, ...next, references: unique };
}

const NO_SPACE_OR_SPECIAL = /^[^\s,<&]+$/;
const LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

function oneOf(problems: string[], where: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string))
    problems.push(`${where}: "${String(value)}" is not one of ${allowed.join(', ')}`);
}

function dateTime(problems: string[], where: string, value: string | undefined, required = false): void {
  if (value === undefined) {
    if (required) problems.push(`${where} is required`);
  } else if (!isCapDateTime(value)) problems.push(`${where}: "${value}" is not YYYY-MM-DDThh:mm:ss±hh:mm`);
}

function nonEmpty(problems: string[], where: string, value: string | undefined): void {
  if (!value || value.trim() === '') problems.push(`${where} is required`);
}

function checkPolygon(problems: string[], where: string, ring: CapPolygon): void {
  if (ring.length < 4) problems.push(`${where}: a polygon needs at least 4 points`);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1])
    problems.push(`${where}: ring is not closed`);
  if (ring.some(([lat, lon]) => !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180))) {
    problems.push(`${where}: coordinate out of range`);
  }
}

function checkArea(problems: string[], where: string, a: CapArea): void {
  nonEmpty(problems, `${where}.areaDesc`, a.areaDesc);
  a.polygons.forEach((p, i) => {
    checkPolygon(problems, `${where}.polygon[${i}]`, p);
  });
  a.circles.forEach((c, i) => {
    if (!(Math.abs(c.lat) <= 90 && Math.abs(c.lon) <= 180 && c.radiusKm >= 0)) {
      problems.push(`${where}.circle[${i}]: invalid centre or radius`);
    }
  });
  if (a.ceiling !== undefined && a.altitude === undefined)
    problems.push(`${where}: ceiling requires altitude`);
}

function checkInfo(problems: string[], where: string, info: CapInfo): void {
  if (info.language !== undefined && !LANGUAGE.test(info.language))
    problems.push(`${where}.language is not a language tag`);
  if (info.categories.length === 0) problems.push(`${where}.category: at least one is required`);
  for (const c of info.categories) oneOf(problems, `${where}.category`, c, CAP_CATEGORY);
  nonEmpty(problems, `${where}.event`, info.event);
  for (const r of info.responseTypes) oneOf(problems, `${where}.responseType`, r, CAP_RESPONSE_TYPE);
  oneOf(problems, `${where}.urgency`, info.urgency, CAP_URGENCY);
  oneOf(problems, `${where}.severity`, info.severity, CAP_SEVERITY);
  oneOf(problems, `${where}.certainty`, info.certainty, CAP_CERTAINTY);
  for (const k of ['effective', 'onset', 'expires'] as const) dateTime(problems, `${where}.${k}`, info[k]);
  info.resources.forEach((r, i) => {
    nonEmpty(problems, `${where}.resource[${i}].resourceDesc`, r.resourceDesc);
    nonEmpty(problems, `${where}.resource[${i}].mimeType`, r.mimeType);
    if (r.size !== undefined && !(Number.isInteger(r.size) && r.size >= 0))
      problems.push(`${where}.resource[${i}].size`);
  });
  info.areas.forEach((a, i) => {
    checkArea(problems, `${where}.area[${i}]`, a);
  });
}

/** Every CAP 1.2 rule the alert breaks (schema rules plus the standard's prose rules); [] when valid. */
export function validateCapAlert(alert: CapAlert): string[] {
  const problems: string[] = [];
  for (const k of ['identifier', 'sender'] as const) {
    if (!NO_SPACE_OR_SPECIAL.test(alert[k] ?? ''))
      problems.push(`${k} must be non-empty without spaces, commas, < or &`);
  }
  dateTime(problems, 'sent', alert.sent, true);
  oneOf(problems, 'status', alert.status, CAP_STATUS);
  oneOf(problems, 'msgType', alert.msgType, CAP_MSG_TYPE);
  oneOf(problems, 'scope', alert.scope, CAP_SCOPE);
  if (alert.scope === 'Restricted') nonEmpty(problems, 'restriction (scope Restricted)', alert.restriction);
  if (alert.scope === 'Private') nonEmpty(problems, 'addresses (scope Private)', alert.addresses);
  if (alert.msgType !== 'Alert' && alert.references.length === 0) {
    problems.push(`references are required for msgType ${alert.msgType}`);
  }
  alert.references.forEach((r, i) => {
    if (!NO_SPACE_OR_SPECIAL.test(r.sender) || !NO_SPACE_OR_SPECIAL.test(r.identifier)) {
      problems.push(`references[${i}]: sender/identifier must not contain spaces or commas`);
    }
    dateTime(problems, `references[${i}].sent`, r.sent, true);
  });
  alert.infos.forEach((info, i) => {
    checkInfo(problems, `info[${i}]`, info);
  });
  return problems;
}

type Line = string | undefined;

function el(indent: string, name: string, value: string | number | undefined): Line {
  if (value === undefined) return undefined;
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

function pair(indent: string, name: string, p: CapValuePair): string {
  return [
    `${indent}<${name}>`,
    el(`${indent}  `, 'valueName', p.valueName),
    el(`${indent}  `, 'value', p.value),
    `${indent}</${name}>`,
  ].join('\n');
}

function resourceXml(i: string, r: CapResource): string {
  const j = `${i}  `;
  const body = [
    el(j, 'resourceDesc', r.resourceDesc),
    el(j, 'mimeType', r.mimeType),
    el(j, 'size', r.size),
    el(j, 'uri', r.uri),
    el(j, 'derefUri', r.derefUri),
    el(j, 'digest', r.digest),
  ];
  return [`${i}<resource>`, ...body, `${i}</resource>`].filter(Boolean).join('\n');
}

function areaXml(i: string, a: CapArea): string {
  const j = `${i}  `;
  const body: Line[] = [
    el(j, 'areaDesc', a.areaDesc),
    ...a.polygons.map((p) => el(j, 'polygon', formatCapPolygon(p))),
    ...a.circles.map((c) => el(j, 'circle', formatCapCircle(c))),
    ...a.geocodes.map((g) => pair(j, 'geocode', g)),
    el(j, 'altitude', a.altitude === undefined ? undefined : formatDecimal(a.altitude)),
    el(j, 'ceiling', a.ceiling === undefined ? undefined : formatDecimal(a.ceiling)),
  ];
  return [`${i}<area>`, ...body, `${i}</area>`].filter(Boolean).join('\n');
}

function infoXml(i: string, info: CapInfo): string {
  const j = `${i}  `;
  const body: Line[] = [
    el(j, 'language', info.language),
    ...info.categories.map((c) => el(j, 'category', c)),
    el(j, 'event', info.event),
    ...info.responseTypes.map((r) => el(j, 'responseType', r)),
    el(j, 'urgency', info.urgency),
    el(j, 'severity', info.severity),
    el(j, 'certainty', info.certainty),
    el(j, 'audience', info.audience),
    ...info.eventCodes.map((p) => pair(j, 'eventCode', p)),
    ...(['effective', 'onset', 'expires', 'senderName', 'headline', 'description'] as const).map((k) =>
      el(j, k, info[k]),
    ),
    ...(['instruction', 'web', 'contact'] as const).map((k) => el(j, k, info[k])),
    ...info.parameters.map((p) => pair(j, 'parameter', p)),
    ...info.resources.map((r) => resourceXml(j, r)),
    ...info.areas.map((a) => areaXml(j, a)),
  ];
  return [`${i}<info>`, ...body, `${i}</info>`].filter(Boolean).join('\n');
}

/** Serialises a CAP 1.2 alert as UTF-8 XML text, valid against the OASIS schema; throws on invalid input. */
export function buildCapXml(alert: CapAlert): string {
  const problems = validateCapAlert(alert);
  if (problems.length > 0) throw new CapValidationError(problems);
  const i = '  ';
  const body: Line[] = [
    el(i, 'identifier', alert.identifier),
    el(i, 'sender', alert.sender),
    el(i, 'sent', alert.sent),
    el(i, 'status', alert.status),
    el(i, 'msgType', alert.msgType),
    el(i, 'source', alert.source),
    el(i, 'scope', alert.scope),
    el(i, 'restriction', alert.restriction),
    el(i, 'addresses', alert.addresses),
    ...alert.codes.map((c) => el(i, 'code', c)),
    el(i, 'note', alert.note),
    el(i, 'references', alert.references.length ? formatCapReferences(alert.references) : undefined),
    el(i, 'incidents', alert.incidents),
    ...alert.infos.map((info) => infoXml(i, info)),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alert xmlns="${CAP_NAMESPACES['1.2']}">`,
    ...body.filter(Boolean),
    '</alert>',
    '',
  ].join('\n');
}
