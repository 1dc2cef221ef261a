import { useId, useState } from 'react';
import type { PhotoPayload } from './api.ts';
import { useGridT } from './i18n.ts';

/** Longest side of a photo after scaling down in the browser. */
const MAX_SIDE = 1600;
/** Photos per report. */
export const MAX_PHOTOS = 3;

/**
 * Re-encodes an image as JPEG of at most MAX_SIDE pixels: smaller uploads, and the browser drops
 * Exif (with GPS) on the way. The server strips metadata again; this only spares the upload.
 */
async function shrink(file: File): Promise<PhotoPayload> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const url = canvas.toDataURL('image/jpeg', 0.85);
  return { contentType: 'image/jpeg', data: url.slice(url.indexOf(',') + 1) };
}

/** Photo picker with previews; hands the prepared photos to `onChange`. */
export function PhotoInput({
  photos,
  onChange,
}: {
  photos: PhotoPayload[];
  onChange: (p: PhotoPayload[]) => void;
}) {
  const { gt } = useGridT();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const room = MAX_PHOTOS - photos.length;
      const ready = await Promise.all([...files].slice(0, room).map(shrink));
      onChange([...photos, ...ready]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>{gt('common.photos')}</label>
      <input
        id={id}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        disabled={busy || photos.length >= MAX_PHOTOS}
        data-testid="photo-input"
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = '';
        }}
      />
      <span className="muted">{gt('common.photoHint')}</span>
      {busy && (
        <span role="status" className="muted">
          {gt('common.preparingPhotos')}
        </span>
      )}
      {error && (
        <span role="alert" className="problem-detail">
          {error}
        </span>
      )}
      <div className="grid-thumbs">
        {photos.map((p, i) => (
          <figure key={p.data.slice(-24) + String(i)} className="grid-thumb">
            <img src={`data:${p.contentType};base64,${p.data}`} alt={gt('common.photoAlt', { n: i + 1 })} />
            <button
              type="button"
              className="btn btn-small btn-quiet"
              onClick={() => onChange(photos.filter((_, j) => j !== i))}
            >
              {gt('common.removePhoto', { n: i + 1 })}
            </button>
          </figure>
        ))}
      </div>
    </div>
  );
}
