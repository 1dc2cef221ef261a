import { MalformedImageError, type StrippedImage, stripJpegMetadata } from './photo-jpeg.ts';
import { stripPngMetadata, stripWebpMetadata } from './photo-png-webp.ts';

/** Image types accepted for request photos. */
export type ImageMediaType = 'image/jpeg' | 'image/png' | 'image/webp';

/** Limits for uploaded photos. */
export interface PhotoUploadPolicy {
  /** Largest upload in bytes; default 10 MiB. */
  maxBytes?: number;
  /** Largest width x height (decompression-bomb guard); default 50 megapixels. */
  maxPixels?: number;
  /** Content-Type the client declared, checked against the bytes when given. */
  declaredType?: string | null;
}

/** Why an upload was refused. */
export type PhotoRejectReason =
  | 'empty'
  | 'too_large'
  | 'unsupported_type'
  | 'type_mismatch'
  | 'malformed'
  | 'too_many_pixels';

/** A refused upload (all map to HTTP 400, except `too_large` -> 413 and `unsupported_type` -> 415). */
export interface PhotoRejection {
  reason: PhotoRejectReason;
  message: string;
  httpStatus: 400 | 413 | 415;
}

/** Accepted photo: detected type, metadata-free bytes, what was removed, pixel size. */
export interface CleanPhoto extends StrippedImage {
  type: ImageMediaType;
}

/** Outcome of checking an upload. */
export type PhotoUploadResult = { ok: true; photo: CleanPhoto } | { ok: false; rejection: PhotoRejection };

/** Default size limit: 10 MiB. */
export const DEFAULT_MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Default pixel limit: 50 megapixels. */
export const DEFAULT_MAX_PHOTO_PIXELS = 50_000_000;

/** The image type from the leading magic bytes (JPEG, PNG, WebP only), or null. */
export function detectImageType(b: Uint8Array): ImageMediaType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((v, i) => b[i] === v)) return 'image/png';
  const riff = [0x52, 0x49, 0x46, 0x46];
  const webp = [0x57, 0x45, 0x42, 0x50];
  if (b.length >= 12 && riff.every((v, i) => b[i] === v) && webp.every((v, i) => b[8 + i] === v))
    return 'image/webp';
  return null;
}

const ALIASES: Record<string, ImageMediaType> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/x-png': 'image/png',
  'image/webp': 'image/webp',
};

const rejection = (reason: PhotoRejectReason, message: string): PhotoUploadResult => ({
  ok: false,
  rejection: {
    reason,
    message,
    httpStatus: reason === 'too_large' ? 413 : reason === 'unsupported_type' ? 415 : 400,
  },
});

const STRIPPERS: Record<ImageMediaType, (b: Uint8Array) => StrippedImage> = {
  'image/jpeg': stripJpegMetadata,
  'image/png': stripPngMetadata,
  'image/webp': stripWebpMetadata,
};

/**
 * Validates an uploaded photo by its bytes - never by name or declared type alone - and returns
 * a copy without location or other metadata. Pure byte manipulation: pixels are not re-encoded.
 */
export function checkPhotoUpload(bytes: Uint8Array, policy: PhotoUploadPolicy = {}): PhotoUploadResult {
  const maxBytes = policy.maxBytes ?? DEFAULT_MAX_PHOTO_BYTES;
  if (bytes.length === 0) return rejection('empty', 'the file is empty');
  if (bytes.length > maxBytes) return rejection('too_large', `the file is larger than ${maxBytes} bytes`);
  const type = detectImageType(bytes);
  if (!type) return rejection('unsupported_type', 'only JPEG, PNG and WebP images are accepted');
  if (policy.declaredType) {
    const declared = ALIASES[policy.declaredType.split(';')[0]!.trim().toLowerCase()];
    if (declared !== type) {
      return rejection('type_mismatch', `declared ${policy.declaredType} but the bytes are ${type}`);
    }
  }
  let stripped: StrippedImage;
  try {
    stripped = STRIPPERS[type](bytes);
  } catch (e) {
    if (e instanceof MalformedImageError) return rejection('malformed', e.message);
    throw e;
  }
  const maxPixels = policy.maxPixels ?? DEFAULT_MAX_PHOTO_PIXELS;
  if (stripped.width * stripped.height > maxPixels) {
    return rejection('too_many_pixels', `${stripped.width}x${stripped.height} exceeds ${maxPixels} pixels`);
  }
  return { ok: true, photo: { ...stripped, type } };
}
