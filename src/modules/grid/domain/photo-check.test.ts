import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPhotoUpload, detectImageType } from './photo-check.ts';
import { concatBytes, exifOrientation, stripJpegMetadata } from './photo-jpeg.ts';
import { crc32, stripPngMetadata, stripWebpMetadata } from './photo-png-webp.ts';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const bytes = (...xs: (number | string | Uint8Array)[]) =>
  concatBytes(xs.map((x) => (typeof x === 'number' ? Uint8Array.of(x) : typeof x === 'string' ? enc(x) : x)));
const contains = (hay: Uint8Array, needle: string) =>
  Buffer.from(hay).includes(Buffer.from(needle, 'latin1'));

// ---------------------------------------------------------------- JPEG

const segment = (marker: number, payload: Uint8Array) =>
  bytes(0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, payload);

/** EXIF payload: big-endian TIFF with IFD0 = Orientation (6) and a GPS IFD pointer. */
function exif(orientation: number): Uint8Array {
  const tiff = bytes(
    'MM',
    0,
    42,
    0,
    0,
    0,
    8, // IFD0 at 8
    0,
    2, // 2 entries
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    orientation,
    0,
    0, // Orientation SHORT
    0x88,
    0x25,
    0,
    4,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    38, // GPSInfo LONG -> 38
    0,
    0,
    0,
    0,
    'GPS 22.5431N 114.0579E',
  );
  return bytes('Exif', 0, 0, tiff);
}

const SOI = bytes(0xff, 0xd8);
const EOI = bytes(0xff, 0xd9);
const APP0 = segment(0xe0, bytes('JFIF', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0));
const DQT = segment(0xdb, bytes(0, ...Array.from({ length: 64 }, (_, i) => i + 1)));
const SOF0 = segment(0xc0, bytes(8, 0, 2, 0, 3, 1, 1, 0x11, 0)); // 3 x 2 pixels
const DHT = segment(0xc4, bytes(0, ...Array.from({ length: 16 }, () => 0), 0));
const SOS = segment(0xda, bytes(1, 1, 0, 0, 63, 0));
const SCAN = bytes(0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd1, 0x78);
const ICC = segment(0xe2, bytes('ICC_PROFILE', 0, 1, 1, 'profile-bytes'));
const XMP = segment(
  0xe1,
  bytes('http://ns.adobe.com/xap/1.0/', 0, '<x:xmpmeta exif:GPSLatitude="22,32.58N"/>'),
);
const IPTC = segment(0xed, bytes('Photoshop 3.0', 0, '8BIM location'));
const COM = segment(0xfe, bytes('shot at home'));

const cleanJpeg = bytes(SOI, APP0, DQT, SOF0, DHT, SOS, SCAN, EOI);

describe('JPEG metadata stripping', () => {
  it('drops EXIF/GPS, XMP, IPTC, comments and trailing data; keeps pixels byte for byte', () => {
    const dirty = bytes(
      SOI,
      APP0,
      segment(0xe1, exif(6)),
      XMP,
      ICC,
      DQT,
      IPTC,
      SOF0,
      COM,
      DHT,
      SOS,
      SCAN,
      EOI,
      'Exif second image',
    );
    const r = stripJpegMetadata(dirty);
    expect(r.bytes).toEqual(bytes(SOI, APP0, ICC, DQT, SOF0, DHT, SOS, SCAN, EOI));
    expect(r.removed).toEqual([
      'APP1 Exif',
      'APP1 http://ns.adobe.com/xap/1.0/',
      'APP13 Photoshop 3.0',
      'COM',
      '17 bytes after EOI',
    ]);
    expect([r.width, r.height, r.orientation]).toEqual([3, 2, 6]);
    for (const secret of ['GPS', 'Exif', 'xmpmeta', '8BIM', 'shot at home'])
      expect(contains(r.bytes, secret)).toBe(false);
  });

  it('handles progressive files with several scans and tables between them', () => {
    const SOF2 = segment(0xc2, bytes(8, 0, 2, 0, 3, 1, 1, 0x11, 0));
    const file = bytes(SOI, DQT, SOF2, DHT, SOS, SCAN, DHT, segment(0xe1, exif(1)), SOS, SCAN, EOI);
    expect(stripJpegMetadata(file).bytes).toEqual(bytes(SOI, DQT, SOF2, DHT, SOS, SCAN, DHT, SOS, SCAN, EOI));
  });

  it('leaves a clean file unchanged and reads orientation only from EXIF', () => {
    expect(stripJpegMetadata(cleanJpeg)).toEqual({
      bytes: cleanJpeg,
      removed: [],
      width: 3,
      height: 2,
      orientation: null,
    });
    expect(
      exifOrientation(
        bytes('Exif', 0, 0, 'II', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0),
      ),
    ).toBe(8);
    expect(exifOrientation(bytes('Exif', 0, 0, 'XX'))).toBeNull();
  });

  it.each([
    ['no SOI', bytes(0xff, 0xd9)],
    ['truncated segment', bytes(SOI, APP0.subarray(0, 10))],
    ['no EOI after scan', bytes(SOI, SOF0, SOS, SCAN)],
    ['scan before frame', bytes(SOI, SOS, SCAN, EOI)],
    ['no image', bytes(SOI, APP0, EOI)],
    ['garbage between segments', bytes(SOI, APP0, 0x00, 0x01, SOF0, SOS, SCAN, EOI)],
  ])('rejects %s', (_name, file) => {
    expect(() => stripJpegMetadata(file)).toThrow(/JPEG/);
  });
});

// ---------------------------------------------------------------- PNG

function chunk(type: string, data: Uint8Array | string): Uint8Array {
  const d = typeof data === 'string' ? enc(data) : data;
  const out = new Uint8Array(12 + d.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, d.length);
  out.set(enc(type), 4);
  out.set(d, 8);
  v.setUint32(8 + d.length, crc32(out.subarray(4, 8 + d.length)));
  return out;
}

const PNG_SIG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a);
const IHDR = chunk('IHDR', bytes(0, 0, 0, 2, 0, 0, 0, 3, 8, 2, 0, 0, 0)); // 2 x 3 RGB
const GAMA = chunk('gAMA', bytes(0, 0, 0xb1, 0x8f));
const IDAT = chunk('IDAT', bytes(0x78, 0x9c, 1, 2, 3, 4, 5));
const IEND = chunk('IEND', new Uint8Array());

describe('PNG metadata stripping', () => {
  it('drops text, EXIF, time and private chunks and data after IEND', () => {
    const dirty = bytes(
      PNG_SIG,
      IHDR,
      chunk('tEXt', 'Comment\0at home'),
      GAMA,
      chunk('eXIf', bytes('MM', 0, 42, 'GPS')),
      chunk('iTXt', 'XML:com.adobe.xmp\0\0\0\0\0<GPSLatitude/>'),
      chunk('zTXt', 'Raw profile\0\0xyz'),
      chunk('tIME', bytes(7, 232, 9, 1, 12, 0, 0)),
      IDAT,
      chunk('prVt', 'owner=someone'),
      IEND,
      'trailing',
    );
    const r = stripPngMetadata(dirty);
    expect(r.bytes).toEqual(bytes(PNG_SIG, IHDR, GAMA, IDAT, IEND));
    expect(r.removed).toEqual(['tEXt', 'eXIf', 'iTXt', 'zTXt', 'tIME', 'prVt', '8 bytes after IEND']);
    expect([r.width, r.height]).toEqual([2, 3]);
  });

  it.each([
    ['bad CRC', bytes(PNG_SIG, IHDR.slice(0, -1), 0, IDAT, IEND)],
    ['IHDR not first', bytes(PNG_SIG, GAMA, IHDR, IDAT, IEND)],
    ['missing IEND', bytes(PNG_SIG, IHDR, IDAT)],
    ['unknown critical chunk', bytes(PNG_SIG, IHDR, chunk('ABCD', 'x'), IDAT, IEND)],
  ])('rejects %s', (_name, file) => {
    expect(() => stripPngMetadata(file)).toThrow(/PNG/);
  });

  it('CRC-32 matches the standard check value', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
  });
});

// ---------------------------------------------------------------- WebP

function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const pad = data.length % 2;
  const out = new Uint8Array(8 + data.length + pad);
  out.set(enc(type));
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}
function riff(...chunks: Uint8Array[]): Uint8Array {
  const body = concatBytes(chunks);
  const head = bytes('RIFF', 0, 0, 0, 0, 'WEBP');
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  return concatBytes([head, body]);
}
// VP8X: flags ICC|EXIF|XMP, canvas 640 x 480 (stored minus one, 24-bit little-endian).
const vp8x = (flags: number) => riffChunk('VP8X', bytes(flags, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0));
const VP8 = riffChunk('VP8 ', bytes(0x10, 0x02, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 1, 2, 3));
const ICCP = riffChunk('ICCP', bytes('icc'));

describe('WebP metadata stripping', () => {
  it('drops EXIF and XMP chunks, clears their flags and fixes the RIFF size', () => {
    const dirty = concatBytes([
      riff(
        vp8x(0x20 | 0x08 | 0x04),
        ICCP,
        VP8,
        riffChunk('EXIF', bytes('MM', 0, 42, 'GPS')),
        riffChunk('XMP ', bytes('<x/>')),
      ),
      bytes('junk'),
    ]);
    const r = stripWebpMetadata(dirty);
    expect(r.bytes).toEqual(riff(vp8x(0x20), ICCP, VP8));
    expect(r.removed).toEqual(['EXIF', 'XMP', '4 bytes after RIFF']);
    expect([r.width, r.height]).toEqual([640, 480]);
  });

  it('reads the size of simple lossy and lossless files', () => {
    expect(stripWebpMetadata(riff(VP8))).toMatchObject({ width: 640, height: 480, removed: [] });
    const vp8l = riffChunk('VP8L', bytes(0x2f, 0x3f, 0x80, 0x0b, 0x00, 9, 9)); // 64 x 47
    expect(stripWebpMetadata(riff(vp8l))).toMatchObject({ width: 64, height: 47 });
  });

  it.each([
    ['bad header', bytes('RIFX', 0, 0, 0, 0, 'WEBP', VP8)],
    ['oversized RIFF', bytes('RIFF', 0xff, 0xff, 0, 0, 'WEBP', VP8)],
    ['metadata first', riff(riffChunk('EXIF', bytes('x')), VP8)],
  ])('rejects %s', (_name, file) => {
    expect(() => stripWebpMetadata(file)).toThrow(/WebP/);
  });
});

// ---------------------------------------------------------------- upload check

describe('photo upload check', () => {
  it('detects the type by magic bytes only', () => {
    expect(detectImageType(cleanJpeg)).toBe('image/jpeg');
    expect(detectImageType(bytes(PNG_SIG, IHDR))).toBe('image/png');
    expect(detectImageType(riff(VP8))).toBe('image/webp');
    expect(detectImageType(bytes('GIF89a', 0, 0))).toBeNull();
    expect(detectImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('accepts and cleans a JPEG', () => {
    const r = checkPhotoUpload(bytes(SOI, segment(0xe1, exif(3)), APP0, DQT, SOF0, DHT, SOS, SCAN, EOI), {
      declaredType: 'image/jpg',
    });
    expect(r).toMatchObject({ ok: true, photo: { type: 'image/jpeg', bytes: cleanJpeg, orientation: 3 } });
  });

  it.each([
    [new Uint8Array(), {}, 'empty', 400],
    [cleanJpeg, { maxBytes: 10 }, 'too_large', 413],
    [bytes('GIF89a', 1, 0, 1, 0, 0, 0, 0), {}, 'unsupported_type', 415],
    [bytes('%PDF-1.7'), {}, 'unsupported_type', 415],
    [cleanJpeg, { declaredType: 'image/png' }, 'type_mismatch', 400],
    [bytes(SOI, 0xff, 0xe1, 0xff, 0xff), {}, 'malformed', 400],
    [cleanJpeg, { maxPixels: 5 }, 'too_many_pixels', 400],
  ])('rejects (%#) as %s', (file, policy, reason, httpStatus) => {
    expect(checkPhotoUpload(file, policy)).toMatchObject({ ok: false, rejection: { reason, httpStatus } });
  });

  it('metadata inserted anywhere before the scan is always removed (property)', () => {
    const junk = [
      segment(0xe1, exif(6)),
      XMP,
      IPTC,
      COM,
      segment(0xe5, bytes('Ducky', 0, 1)),
      segment(0xef, bytes('x')),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(...junk)), { maxLength: 8 }),
        (inserts) => {
          const base = [SOI, APP0, DQT, SOF0, DHT];
          const slots: Uint8Array[][] = base.map((b) => [b]);
          for (const [slot, seg] of inserts) slots[slot]!.push(seg);
          const file = bytes(...slots.flat(), SOS, SCAN, EOI);
          expect(stripJpegMetadata(file).bytes).toEqual(cleanJpeg);
        },
      ),
    );
  });

  it('never throws on corrupted input, only rejects (property)', () => {
    const samples = [
      bytes(SOI, segment(0xe1, exif(6)), APP0, DQT, SOF0, DHT, SOS, SCAN, EOI),
      bytes(PNG_SIG, IHDR, chunk('tEXt', 'a\0b'), IDAT, IEND),
      riff(vp8x(0x2c), ICCP, VP8, riffChunk('EXIF', bytes('MM'))),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
        (sample, edits, cut) => {
          const b = sample.slice(0, Math.max(3, sample.length - (cut % 8)));
          for (const [at, v] of edits) b[at % b.length] = v;
          const r = checkPhotoUpload(b);
          if (r.ok) expect(r.photo.bytes.length).toBeLessThanOrEqual(b.length + 1);
          else expect(['malformed', 'unsupported_type', 'too_many_pixels']).toContain(r.rejection.reason);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
