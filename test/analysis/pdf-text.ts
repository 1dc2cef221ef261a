// Reads a PDF back with PDF.js for tests: its page count and the text of every page.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Page count and the text of each page (items joined with spaces). */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string[] }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false })
    .promise;
  const text: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return { pages: text.length, text };
}
