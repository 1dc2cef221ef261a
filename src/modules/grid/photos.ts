import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../core/db/transaction.ts';
import { HavenError, invalid } from '../../core/errors.ts';
import type { Db } from './catalogue.ts';
import { type CleanPhoto, checkPhotoUpload } from './domain/photo-check.ts';

/** An upload as received: bytes and the declared type. */
export interface PhotoUpload {
  contentType: string | null;
  bytes: Uint8Array;
}

/** Most photos one request may carry. */
export const MAX_PHOTOS_PER_REQUEST = 6;

/** Largest photo accepted, in bytes. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/**
 * Checks uploads by their bytes (JPEG, PNG, WebP; size and pixel limits) and strips location and
 * other metadata (domain photo-check); the first bad one fails with 400, 413 or 415.
 */
export function checkUploads(uploads: readonly PhotoUpload[]): CleanPhoto[] {
  return uploads.map((u, i) => {
    const r = checkPhotoUpload(u.bytes, { maxBytes: MAX_PHOTO_BYTES, declaredType: u.contentType });
    if (!r.ok) {
      const { reason, message, httpStatus } = r.rejection;
      throw new HavenError(`grid.photo_${reason}`, httpStatus, `Photo ${i + 1}: ${message}`);
    }
    return r.photo;
  });
}

/** Stores checked photos of a request; returns their ids. */
export async function storePhotos(
  tx: Tx,
  requestId: string,
  kind: 'report' | 'resolution' | 'worker',
  photos: readonly CleanPhoto[],
  at: Date,
): Promise<string[]> {
  if (photos.length === 0) return [];
  const count = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM grid_photos WHERE request_id = ${requestId}`.execute(tx.db);
  if (Number(count.rows[0]?.n ?? 0) + photos.length > MAX_PHOTOS_PER_REQUEST) {
    throw invalid('grid.too_many_photos', `A request may carry at most ${MAX_PHOTOS_PER_REQUEST} photos`);
  }
  const ids: string[] = [];
  for (const p of photos) {
    const id = uuidv7();
    const sha = createHash('sha256').update(p.bytes).digest('hex');
    await sql`INSERT INTO grid_photos (id, request_id, kind, content_type, bytes, byte_size, width, height, sha256, created_at)
      VALUES (${id}, ${requestId}, ${kind}, ${p.type}, ${Buffer.from(p.bytes)}, ${p.bytes.length},
        ${p.width}, ${p.height}, ${sha}, ${at})`.execute(tx.db);
    ids.push(id);
  }
  return ids;
}

/** Photo metadata as listed with a request. */
export interface PhotoInfo {
  id: string;
  kind: string;
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  redacted: boolean;
  createdAt: string;
}

/** Photos of a request; `publicOnly` drops redacted ones. */
export async function listPhotos(db: Db, requestId: string, publicOnly: boolean): Promise<PhotoInfo[]> {
  const res = await sql<{
    id: string;
    kind: string;
    content_type: string;
    byte_size: number;
    width: number | null;
    height: number | null;
    redacted: boolean;
    created_at: Date;
  }>`SELECT id, kind, content_type, byte_size, width, height, redacted, created_at FROM grid_photos
     WHERE request_id = ${requestId} AND (${publicOnly} = false OR NOT redacted) ORDER BY created_at, id`.execute(
    db,
  );
  return res.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    contentType: r.content_type,
    byteSize: r.byte_size,
    width: r.width,
    height: r.height,
    redacted: r.redacted,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Bytes of one photo with its request's path and visibility, or null. */
export async function readPhoto(
  db: Db,
  id: string,
): Promise<{
  contentType: string;
  bytes: Uint8Array;
  redacted: boolean;
  requestPrivate: boolean;
  jurisdictionPath: string;
} | null> {
  const res = await sql<{
    content_type: string;
    bytes: Uint8Array;
    redacted: boolean;
    private: boolean;
    jurisdiction_path: string;
  }>`SELECT p.content_type, p.bytes, p.redacted, r.private, r.jurisdiction_path::text AS jurisdiction_path
     FROM grid_photos p JOIN grid_requests r ON r.id = p.request_id WHERE p.id = ${id}::uuid`.execute(db);
  const r = res.rows[0];
  if (!r) return null;
  return {
    contentType: r.content_type,
    bytes: r.bytes,
    redacted: r.redacted,
    requestPrivate: r.private,
    jurisdictionPath: r.jurisdiction_path,
  };
}
