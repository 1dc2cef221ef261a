/** Raised when image bytes do not follow their format's structure. */
export class MalformedImageError extends Error {
  override name = 'MalformedImageError';
}

/** Result of stripping one image: clean bytes, what was removed, pixel size. */
export interface StrippedImage {
  bytes: Uint8Array;
  /** Human-readable names of removed parts, e.g. `APP1 Exif`, `tEXt`, `EXIF`. */
  removed: string[];
  width: number;
  height: number;
  /** EXIF orientation (1..8) read before the EXIF block was dropped, so a viewer can still rotate. */
  orientation: number | null;
}

const fail = (why: string): never => {
  throw new MalformedImageError(`JPEG: ${why}`);
};

/** Concatenates byte ranges. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ascii = (b: Uint8Array, from: number, n: number): string =>
  String.fromCharCode(...b.subarray(from, Math.min(from + n, b.length)));

/** APPn segments worth keeping: they affect how pixels look and carry no location or identity. */
function keepAppSegment(marker: number, payload: Uint8Array): boolean {
  if (marker === 0xe0) return ascii(payload, 0, 5) === 'JFIF\0';
  if (marker === 0xe2) return ascii(payload, 0, 12) === 'ICC_PROFILE\0';
  if (marker === 0xee) return ascii(payload, 0, 5) === 'Adobe';
  return false;
}

function appLabel(marker: number, payload: Uint8Array): string {
  const id = ascii(payload, 0, 32)
    .split('\0')[0]!
    .replace(/[^\x20-\x7e]/g, '');
  return marker === 0xfe ? 'COM' : `APP${marker - 0xe0}${id ? ` ${id}` : ''}`;
}

/** EXIF orientation from an APP1 "Exif\0\0" payload (TIFF IFD0 tag 0x0112), or null. */
export function exifOrientation(payload: Uint8Array): number | null {
  if (ascii(payload, 0, 6) !== 'Exif\0\0' || payload.length < 14) return null;
  const tiff = payload.subarray(6);
  const little = ascii(tiff, 0, 2) === 'II';
  if (!little && ascii(tiff, 0, 2) !== 'MM') return null;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (at: number) => (at + 2 <= tiff.length ? view.getUint16(at, little) : null);
  const u32 = (at: number) => (at + 4 <= tiff.length ? view.getUint32(at, little) : null);
  const ifd = u32(4);
  if (ifd === null) return null;
  const count = u16(ifd) ?? 0;
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (u16(e) === 0x0112 && u16(e + 2) === 3) {
      const v = u16(e + 8);
      return v !== null && v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** Index of the first marker after entropy-coded scan data starting at `from`. */
function endOfScan(b: Uint8Array, from: number): number {
  for (let i = from; i + 1 < b.length; i++) {
    if (b[i] !== 0xff) continue;
    const next = b[i + 1]!;
    // Stuffed 0xFF00, restart markers and fill bytes belong to the scan.
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return i;
  }
  return fail('scan data runs to the end of the file (no EOI)');
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Removes metadata from a JPEG by walking its segments: every APPn except JFIF (APP0), ICC
 * profiles (APP2) and Adobe colour info (APP14) is dropped - so EXIF/GPS and XMP (APP1),
 * Photoshop/IPTC (APP13), MPF thumbnails and maker notes go - along with comments (COM) and
 * anything after the end-of-image marker (e.g. appended second images that carry their own EXIF).
 * Pixel data is copied byte for byte. Throws MalformedImageError on a broken structure.
 */
export function stripJpegMetadata(b: Uint8Array): StrippedImage {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) fail('missing SOI marker');
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  const removed: string[] = [];
  let orientation: number | null = null;
  let size: { width: number; height: number } | null = null;
  let sawScan = false;
  let p = 2;
  for (;;) {
    if (p >= b.length) fail('ends before the EOI marker');
    if (b[p] !== 0xff) fail(`expected a marker at byte ${p}`);
    while (b[p] === 0xff && p + 1 < b.length && b[p + 1] === 0xff) p++; // fill bytes
    const marker = b[p + 1] ?? fail('truncated marker');
    if (marker === 0xd9) {
      parts.push(b.subarray(p, p + 2));
      if (p + 2 < b.length) removed.push(`${b.length - p - 2} bytes after EOI`);
      break;
    }
    if (marker === 0xd8 || marker === 0x00) fail(`unexpected marker 0x${marker.toString(16)}`);
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(b.subarray(p, p + 2));
      p += 2;
      continue;
    }
    if (p + 4 > b.length) fail('truncated segment header');
    const length = (b[p + 2]! << 8) | b[p + 3]!;
    const end = p + 2 + length;
    if (length < 2 || end > b.length) fail(`segment 0x${marker.toString(16)} overruns the file`);
    const payload = b.subarray(p + 4, end);
    if ((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) {
      if (marker === 0xe1 && orientation === null) orientation = exifOrientation(payload);
      if (marker !== 0xfe && keepAppSegment(marker, payload)) parts.push(b.subarray(p, end));
      else removed.push(appLabel(marker, payload));
      p = end;
      continue;
    }
    if (isSof(marker)) {
      if (payload.length < 5) fail('SOF segment too short');
      size = { height: (payload[1]! << 8) | payload[2]!, width: (payload[3]! << 8) | payload[4]! };
    }
    if (marker === 0xda) {
      if (!size) fail('scan before frame header');
      sawScan = true;
      const scanEnd = endOfScan(b, end);
      parts.push(b.subarray(p, scanEnd));
      p = scanEnd;
      continue;
    }
    parts.push(b.subarray(p, end));
    p = end;
  }
  if (!size || !sawScan) fail('no image data');
  if (size!.width === 0 || size!.height === 0) fail('zero image size');
  return { bytes: concatBytes(parts), removed, width: size!.width, height: size!.height, orientation };
}
