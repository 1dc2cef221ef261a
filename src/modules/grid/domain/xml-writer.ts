/** A schemaless XML element: text content or child elements (no attributes, no namespaces). */
export type XmlNode = { name: string; text: string | null } | { name: string; children: readonly XmlNode[] };

/** The XML declaration GeoReport v2 responses start with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** Drops characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/F). */
export function stripInvalidXmlChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    if (ok) out += ch;
  }
  return out;
}

/** Escapes text content, dropping characters XML 1.0 forbids and keeping CRs as references. */
export function escapeXmlText(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function render(node: XmlNode, out: string[]): void {
  if (!NAME.test(node.name)) throw new RangeError(`invalid XML element name ${JSON.stringify(node.name)}`);
  if ('children' in node) {
    out.push(`<${node.name}>`);
    for (const c of node.children) render(c, out);
    out.push(`</${node.name}>`);
  } else {
    out.push(`<${node.name}>${node.text === null ? '' : escapeXmlText(node.text)}</${node.name}>`);
  }
}

/** Serialises a document: declaration, then the root element, newline-terminated. */
export function renderXmlDocument(root: XmlNode): string {
  const out: string[] = [];
  render(root, out);
  return `${XML_DECLARATION}\n${out.join('')}\n`;
}

/** Element with text (null renders as an empty element). */
export const el = (name: string, text: string | null): XmlNode => ({ name, text });

/** Element with child elements. */
export const parent = (name: string, children: readonly XmlNode[]): XmlNode => ({ name, children });
