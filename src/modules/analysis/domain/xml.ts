import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An XML element with resolved namespace, attributes, element children and direct text. */
export interface XmlElement {
  name: string;
  local: string;
  ns: string | null;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Thrown when a document carries a DTD or entity declarations (XXE, billion laughs). */
export class XmlSecurityError extends Error {
  override name = 'XmlSecurityError';
}

// Characters XML 1.0 forbids anywhere in a document.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to refuse
const INVALID_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Escapes text for element content or a double-quoted attribute; refuses characters XML cannot carry. */
export function escapeXml(text: string): string {
  if (INVALID_CHARS.test(text)) throw new Error('text contains characters not allowed in XML 1.0');
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric character references; any other entity is an error. */
export function decodeEntities(text: string): string {
  return text.replace(/&([^;&\s]*);/g, (whole, ref: string) => {
    if (ref in PREDEFINED) return PREDEFINED[ref]!;
    const code = /^#x[0-9a-f]+$/i.test(ref)
      ? Number.parseInt(ref.slice(2), 16)
      : /^#\d+$/.test(ref)
        ? Number(ref.slice(1))
        : Number.NaN;
    if (!Number.isFinite(code) || code > 0x10ffff) throw new XmlSecurityError(`undeclared entity ${whole}`);
    return String.fromCodePoint(code);
  });
}

/** Decodes raw bytes using the BOM or the encoding of the XML declaration (UTF-8 by default). */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^(?:\ufeff|ï»¿)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  return new TextDecoder(declared ?? 'utf-8').decode(bytes);
}

/** Refuses DTDs and entity declarations before any parser sees the document. */
export function assertNoDtd(xml: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new XmlSecurityError('DOCTYPE / ENTITY declarations are not accepted (XXE protection)');
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(raw: RawNode, scope: ReadonlyMap<string, string>): XmlElement {
  const name = Object.keys(raw).find((k) => k !== ':@')!;
  const attrs: Record<string, string> = {};
  const inner = new Map(scope);
  for (const [k, v] of Object.entries(raw[':@'] ?? {})) {
    attrs[k] = decodeEntities(v);
    if (k === 'xmlns') inner.set('', attrs[k]!);
    else if (k.startsWith('xmlns:')) inner.set(k.slice(6), attrs[k]!);
  }
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (raw[name] as RawNode[]) ?? []) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child)
      text += ((child['#cdata'] as RawNode[]) ?? []).map((c) => c['#text']).join('');
    else if (!('#comment' in child)) children.push(toElement(child, inner));
  }
  return { name, local: name.slice(colon + 1), ns: inner.get(prefix) ?? null, attrs, children, text };
}

/** Parses a well-formed document without DTD into its root element (namespaces resolved). */
export function parseXmlTree(xml: string): XmlElement {
  assertNoDtd(xml);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new Error(`XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(xml) as RawNode[]).filter((n) => !('#text' in n) && !('#comment' in n));
  if (roots.length !== 1) throw new Error('XML document must have exactly one root element');
  return toElement(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}
