import { formatCapPolygon } from './cap-geometry.ts';
import {
  CAP_NAMESPACES,
  type CapAlert,
  type CapInfo,
  type CapValuePair,
  type CapVersion,
} from './cap-model.ts';
import { decodeXmlBytes, escapeXml, parseXmlTree, type XmlElement } from './xml.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[-+]\d{2}:\d{2})$/;

/** Feed-level metadata of an Atom 1.0 index of published alerts. */
export interface AtomFeedMeta {
  /** Permanent IRI of the feed. */
  id: string;
  title: string;
  /** RFC 3339 time of the latest change (pass it in; no clock is read). */
  updated: string;
  /** URL the feed is served at (rel="self"). */
  selfUrl: string;
  authorName: string;
  authorUri?: string;
  alternateUrl?: string;
  generator?: string;
}

/** One published alert: the message and the URL its CAP XML is served at. */
export interface AtomCapEntry {
  alert: CapAlert;
  capUrl: string;
  /** Language of the info block to summarise (default: the first info). */
  language?: string;
  /** Entry id (default: capUrl). */
  id?: string;
}

function pickInfo(alert: CapAlert, language: string | undefined): CapInfo | undefined {
  return alert.infos.find((i) => language !== undefined && i.language === language) ?? alert.infos[0];
}

function tag(indent: string, name: string, value: string | undefined, attrs = ''): string[] {
  return value === undefined ? [] : [`${indent}<${name}${attrs}>${escapeXml(value)}</${name}>`];
}

function capExtensions(i: string, alert: CapAlert, info: CapInfo | undefined): string[] {
  const area = info?.areas ?? [];
  const pairs = (name: string, list: CapValuePair[]) =>
    list.map(
      (p) =>
        `${i}<cap:${name}><valueName>${escapeXml(p.valueName)}</valueName><value>${escapeXml(p.value)}</value></cap:${name}>`,
    );
  return [
    ...tag(i, 'cap:identifier', alert.identifier),
    ...tag(i, 'cap:sender', alert.sender),
    ...tag(i, 'cap:sent', alert.sent),
    ...tag(i, 'cap:status', alert.status),
    ...tag(i, 'cap:msgType', alert.msgType),
    ...tag(i, 'cap:scope', alert.scope),
    ...tag(i, 'cap:event', info?.event),
    ...(info?.categories ?? []).flatMap((c) => tag(i, 'cap:category', c)),
    ...tag(i, 'cap:urgency', info?.urgency),
    ...tag(i, 'cap:severity', info?.severity),
    ...tag(i, 'cap:certainty', info?.certainty),
    ...tag(i, 'cap:effective', info?.effective),
    ...tag(i, 'cap:onset', info?.onset),
    ...tag(i, 'cap:expires', info?.expires),
    ...tag(i, 'cap:areaDesc', area.length ? area.map((a) => a.areaDesc).join('; ') : undefined),
    ...area.flatMap((a) => a.polygons.flatMap((p) => tag(i, 'cap:polygon', formatCapPolygon(p)))),
    ...pairs(
      'geocode',
      area.flatMap((a) => a.geocodes),
    ),
  ];
}

function entryXml(e: AtomCapEntry): string[] {
  const info = pickInfo(e.alert, e.language);
  const i = '    ';
  const title = info?.headline ?? info?.event ?? `${e.alert.msgType} ${e.alert.identifier}`;
  const summary = info?.description ?? info?.headline;
  return [
    '  <entry>',
    ...tag(i, 'id', e.id ?? e.capUrl),
    ...tag(i, 'title', title),
    ...tag(i, 'updated', e.alert.sent),
    ...tag(i, 'published', e.alert.sent),
    `${i}<author>`,
    ...tag(`${i}  `, 'name', info?.senderName ?? e.alert.sender),
    `${i}</author>`,
    `${i}<link rel="alternate" type="application/cap+xml" href="${escapeXml(e.capUrl)}"/>`,
    ...(info?.categories ?? []).map((c) => `${i}<category term="${escapeXml(c)}"/>`),
    ...tag(i, 'summary', summary),
    ...capExtensions(i, e.alert, info),
    '  </entry>',
  ];
}

/**
 * Atom 1.0 (RFC 4287) index of published CAP alerts, one entry per alert linking its CAP
 * XML (type application/cap+xml) and repeating key CAP fields as `cap:` extension elements,
 * as NWS and Google Public Alerts feeds do.
 */
export function buildCapAtomFeed(meta: AtomFeedMeta, entries: readonly AtomCapEntry[]): string {
  if (!RFC3339.test(meta.updated)) throw new Error(`feed updated is not RFC 3339: ${meta.updated}`);
  const i = '  ';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="${ATOM}" xmlns:cap="${CAP_NAMESPACES['1.2']}">`,
    ...tag(i, 'id', meta.id),
    ...tag(i, 'title', meta.title),
    ...tag(i, 'updated', meta.updated),
    ...tag(i, 'generator', meta.generator),
    `${i}<author>`,
    ...tag(`${i}  `, 'name', meta.authorName),
    ...tag(`${i}  `, 'uri', meta.authorUri),
    `${i}</author>`,
    `${i}<link rel="self" type="application/atom+xml" href="${escapeXml(meta.selfUrl)}"/>`,
    ...(meta.alternateUrl
      ? [`${i}<link rel="alternate" type="text/html" href="${escapeXml(meta.alternateUrl)}"/>`]
      : []),
    ...entries.flatMap(entryXml),
    '</feed>',
    '',
  ].join('\n');
}

/** One entry of a CAP Atom index (e.g. alerts.weather.gov), with the CAP version of its extensions. */
export interface CapIndexEntry {
  id: string;
  title: string;
  updated: string;
  link: string | undefined;
  capVersion: CapVersion | null;
  /** The `cap:` extension fields by local name (first occurrence), e.g. event, expires, severity. */
  cap: Record<string, string>;
  geocodes: CapValuePair[];
}

function child(el: XmlElement, local: string, ns = ATOM): XmlElement | undefined {
  return el.children.find((c) => c.local === local && c.ns === ns);
}

function readGeocodes(el: XmlElement): CapValuePair[] {
  // NWS packs several valueName/value pairs into one cap:geocode; read them pairwise.
  const out: CapValuePair[] = [];
  el.children.forEach((c, k) => {
    const next = el.children[k + 1];
    if (c.local === 'valueName' && next?.local === 'value')
      out.push({ valueName: c.text.trim(), value: next.text.trim() });
  });
  return out;
}

function readIndexEntry(e: XmlElement): CapIndexEntry {
  const capNs = new Map<string, CapVersion>(
    Object.entries(CAP_NAMESPACES).map(([v, ns]) => [ns, v as CapVersion]),
  );
  const capChildren = e.children.filter((c) => capNs.has(c.ns ?? ''));
  const cap: Record<string, string> = {};
  for (const c of capChildren) if (c.children.length === 0 && !(c.local in cap)) cap[c.local] = c.text.trim();
  return {
    id: child(e, 'id')?.text.trim() ?? '',
    title: child(e, 'title')?.text.trim() ?? '',
    updated: child(e, 'updated')?.text.trim() ?? '',
    link: child(e, 'link')?.attrs.href,
    capVersion: capChildren.length ? capNs.get(capChildren[0]!.ns!)! : null,
    cap,
    geocodes: capChildren.filter((c) => c.local === 'geocode').flatMap(readGeocodes),
  };
}

/** Reads an Atom index of CAP alerts (safe parser: no DTD, no entities). */
export function parseCapAtomIndex(input: string | Uint8Array): {
  id: string;
  updated: string;
  entries: CapIndexEntry[];
} {
  const root = parseXmlTree(typeof input === 'string' ? input : decodeXmlBytes(input));
  if (root.local !== 'feed' || root.ns !== ATOM) throw new Error('not an Atom feed');
  return {
    id: child(root, 'id')?.text.trim() ?? '',
    updated: child(root, 'updated')?.text.trim() ?? '',
    entries: root.children.filter((c) => c.local === 'entry' && c.ns === ATOM).map(readIndexEntry),
  };
}
