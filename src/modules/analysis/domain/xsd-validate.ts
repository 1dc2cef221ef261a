import { validateXML } from 'xmllint-wasm';

/** Outcome of validating one document against an XML Schema. */
export interface XsdValidation {
  valid: boolean;
  errors: string[];
}

/**
 * Validates documents against an XSD with libxml2 compiled to WebAssembly (no network, no
 * file system; the schema text is passed in, e.g. OASIS CAP-v1.2.xsd). One libxml2 run
 * checks the whole batch; results come back in input order.
 */
export async function validateManyAgainstXsd(
  documents: ReadonlyArray<string | Uint8Array>,
  xsd: string,
): Promise<XsdValidation[]> {
  if (documents.length === 0) return [];
  const names = documents.map((_, i) => `doc-${i}.xml`);
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: names[i]!, contents })),
    schema: [{ fileName: 'schema.xsd', contents: xsd }],
    maxMemoryPages: 16384,
  });
  const valid = new Set(
    result.rawOutput
      .split('\n')
      .map((l) => /^(doc-\d+\.xml) validates$/.exec(l.trim())?.[1])
      .filter(Boolean),
  );
  return names.map((name) => ({
    valid: valid.has(name),
    errors: result.errors
      .filter((e) => e.loc?.fileName === name || e.rawMessage.startsWith(name))
      .map((e) => e.message)
      .filter((m) => !m.endsWith('fails to validate')),
  }));
}

/** Validates one document against an XSD (see `validateManyAgainstXsd`). */
export async function validateAgainstXsd(xml: string | Uint8Array, xsd: string): Promise<XsdValidation> {
  return (await validateManyAgainstXsd([xml], xsd))[0]!;
}
