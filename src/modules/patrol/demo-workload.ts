// A deterministic synthetic workload (a few hotspots over a background) for demos and for
// planners without incident history yet.
import type { Incident } from './domain/workload.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['theft', 'disturbance', 'traffic', 'assault'];

/** Synthetic incidents are spread evenly over four weeks from this instant (for the replay). */
export const SYNTHETIC_START = Date.UTC(2026, 0, 5);
const SYNTHETIC_SPAN_MS = 28 * 86_400_000;

/**
 * `count` incidents inside the bbox [west, south, east, north]: 60 % around 5 hotspots, at
 * evenly spaced times over four weeks.
 */
export function syntheticWorkload(bbox: readonly number[], count = 1500, seed = 7): Incident[] {
  const [w, s, e, n] = bbox as [number, number, number, number];
  const r = rng(seed);
  const hot = Array.from({ length: 5 }, () => [
    w + (e - w) * (0.15 + 0.7 * r()),
    s + (n - s) * (0.15 + 0.7 * r()),
  ]);
  const out: Incident[] = [];
  for (let k = 0; k < count; k++) {
    let lon: number;
    let lat: number;
    if (r() < 0.6) {
      const [hx, hy] = hot[k % hot.length]!;
      const rad = 0.012 * Math.sqrt(-2 * Math.log(1 - r() * 0.999));
      const ang = 2 * Math.PI * r();
      lon = Math.min(e, Math.max(w, hx! + rad * Math.cos(ang)));
      lat = Math.min(n, Math.max(s, hy! + rad * Math.sin(ang)));
    } else {
      lon = w + (e - w) * r();
      lat = s + (n - s) * r();
    }
    const time = SYNTHETIC_START + Math.floor((k * SYNTHETIC_SPAN_MS) / count);
    out.push({ lon, lat, type: TYPES[k % TYPES.length]!, time });
  }
  return out;
}

/** Expected minutes on scene per synthetic incident type. */
export const DEMO_ON_SCENE_MINUTES: Record<string, number> = {
  theft: 45,
  disturbance: 30,
  traffic: 40,
  assault: 90,
};
