import { concatBytes, MalformedImageError, type StrippedImage } from './photo-jpeg.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Ancillary PNG chunks that only affect rendering (colour, transparency, animation, physical
 * size). Everything else ancillary - tEXt, zTXt, iTXt, eXIf, tIME, and private chunks that may
 * hide anything - is dropped.
 */
const PNG_KEEP = new Set([
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'pHYs',
  'hIST',
  'sPLT',
  'cICP',
  'mDCv',
  'cLLi',
  'acTL',
  'fcTL',
  'fdAT',
]);
const PNG_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO-HDLC, as PNG uses) of a byte range. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const text = (b: Uint8Array, from: number, n: number) => String.fromCharCode(...b.subarray(from, from + n));
const pngFail = (why: string): never => {
  throw new MalformedImageError(`PNG: ${why}`);
};

/**
 * Removes metadata chunks from a PNG (text, EXIF, timestamps, private chunks) and anything after
 * IEND, keeping image data and rendering chunks byte for byte. Checks each chunk's CRC. Throws
 * MalformedImageError on a broken structure or an unknown critical chunk.
 */
export function stripPngMetadata(b: Uint8Array): StrippedImage {
  if (b.length < 8 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) pngFail('bad signature');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  const removed: string[] = [];
  let size: { width: number; height: number } | null = null;
  let p = 8;
  let ended = false;
  while (!ended) {
    if (p + 12 > b.length) pngFail('truncated chunk (no IEND)');
    const length = view.getUint32(p);
    const type = text(b, p + 4, 4);
    const end = p + 12 + length;
    if (length > 0x7fffffff || end > b.length) pngFail(`chunk ${type} overruns the file`);
    if (!/^[A-Za-z]{4}$/.test(type)) pngFail('bad chunk type');
    if (crc32(b.subarray(p + 4, p + 8 + length)) !== view.getUint32(p + 8 + length))
      pngFail(`CRC mismatch in ${type}`);
    if (p === 8) {
      if (type !== 'IHDR' || length !== 13) pngFail('first chunk is not IHDR');
      size = { width: view.getUint32(p + 8), height: view.getUint32(p + 12) };
    }
    const critical = type.charCodeAt(0) < 0x61;
    if (critical && !PNG_CRITICAL.has(type)) pngFail(`unknown critical chunk ${type}`);
    if (critical || PNG_KEEP.has(type)) parts.push(b.subarray(p, end));
    else removed.push(type);
    ended = type === 'IEND';
    p = end;
  }
  if (p < b.length) removed.push(`${b.length - p} bytes after IEND`);
  if (!size || size.width === 0 || size.height === 0) pngFail('zero image size');
  return { bytes: concatBytes(parts), removed, width: size!.width, height: size!.height, orientation: null };
}

const webpFail = (why: string): never => {
  throw new MalformedImageError(`WebP: ${why}`);
};

/** WebP chunks that hold the image itself; EXIF, XMP and unknown chunks are dropped. */
const WEBP_KEEP = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);

function webpSize(
  type: string,
  b: Uint8Array,
  at: number,
  length: number,
): { width: number; height: number } | null {
  const u24 = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
  if (type === 'VP8X' && length >= 10) return { width: u24(at + 4) + 1, height: u24(at + 7) + 1 };
  if (type === 'VP8 ' && length >= 10 && b[at + 3] === 0x9d && b[at + 4] === 0x01 && b[at + 5] === 0x2a) {
    return {
      width: (b[at + 6]! | (b[at + 7]! << 8)) & 0x3fff,
      height: (b[at + 8]! | (b[at + 9]! << 8)) & 0x3fff,
    };
  }
  if (type === 'VP8L' && length >= 5 && b[at] === 0x2f) {
    const bits = b[at + 1]! | (b[at + 2]! << 8) | (b[at + 3]! << 16) | (b[at + 4]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}

/**
 * Removes EXIF and XMP chunks (and unknown ones) from a WebP, clears the matching VP8X flags,
 * fixes the RIFF size and drops bytes after the RIFF container. Throws MalformedImageError on a
 * broken structure.
 */
export function stripWebpMetadata(b: Uint8Array): StrippedImage {
  if (b.length < 20 || text(b, 0, 4) !== 'RIFF' || text(b, 8, 4) !== 'WEBP') webpFail('bad RIFF header');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > b.length || riffEnd < 20) webpFail('RIFF size overruns the file');
  const parts: Uint8Array[] = [];
  const removed: string[] = [];
  let size: { width: number; height: number } | null = null;
  let p = 12;
  while (p < riffEnd) {
    if (p + 8 > riffEnd) webpFail('truncated chunk header');
    const type = text(b, p, 4);
    const length = view.getUint32(p + 4, true);
    const end = p + 8 + length + (length % 2);
    if (end > riffEnd + (length % 2)) webpFail(`chunk ${JSON.stringify(type)} overruns the file`);
    if (p === 12 && type !== 'VP8X' && type !== 'VP8 ' && type !== 'VP8L')
      webpFail('no VP8/VP8L/VP8X chunk first');
    size ??= webpSize(type, b, p + 8, length);
    if (WEBP_KEEP.has(type)) {
      // Copy into a buffer of the padded length: some encoders omit the final pad byte.
      const chunk = new Uint8Array(end - p);
      chunk.set(b.subarray(p, Math.min(end, b.length)));
      parts.push(chunk);
    } else removed.push(type.trim());
    p = end;
  }
  if (riffEnd < b.length) removed.push(`${b.length - riffEnd} bytes after RIFF`);
  if (!size || size.width === 0 || size.height === 0) webpFail('no image size');
  const first = parts[0]!;
  if (text(first, 0, 4) === 'VP8X') first[8] = first[8]! & ~(0x08 | 0x04); // no EXIF, no XMP now
  const body = concatBytes(parts);
  const header = new Uint8Array(12);
  header.set(b.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return {
    bytes: concatBytes([header, body]),
    removed,
    width: size!.width,
    height: size!.height,
    orientation: null,
  };
}
