import { canonical, matchKey, splitIntersection, tokens } from './address-normalise.ts';
import { haversineMetres } from './geo.ts';

/** What a gazetteer entry names. */
export type PlaceKind = 'intersection' | 'station' | 'premise' | 'road' | 'jurisdiction';

/** A named place the geocoder knows. */
export interface Place {
  readonly kind: PlaceKind;
  /** The name shown; `names` holds it and its variants (other language, alternative names). */
  readonly label: string;
  readonly names: readonly string[];
  readonly lon: number;
  readonly lat: number;
  /** 0..1: how precise a location the place gives (a county is a poor one, a station a good one). */
  readonly precision: number;
  /** Jurisdiction path of records that are scoped (premises); null for public names. */
  readonly path?: string | null;
  /** Roads: their node coordinates (lon, lat pairs), to find crossings. */
  readonly coords?: readonly number[];
}

/** One answer of the geocoder. */
export interface GeocodeCandidate {
  kind: PlaceKind;
  label: string;
  lon: number;
  lat: number;
  /** 0..1, higher is better: the name match times the place's precision. */
  score: number;
}

interface IndexedName {
  key: string;
  canon: string;
  tokens: Set<string>;
}
interface Indexed {
  place: Place;
  names: IndexedName[];
}

/** Only answers above this are offered. */
const MIN_SCORE = 0.3;
/** Roads whose name matches at least this well are tried for crossings. */
const CROSSING_MIN = 0.75;
const MAX_QUERY = 200;
const MAX_LIMIT = 20;

function indexName(n: string): IndexedName {
  return { key: matchKey(n), canon: canonical(n), tokens: tokens(n) };
}

/** How well a typed text matches one name: exact, then prefix, substring, token overlap. */
export function nameScore(q: IndexedName, n: IndexedName): number {
  if (!q.key || !n.key) return 0;
  if (q.key === n.key || q.canon === n.canon) return 1;
  // Prefix and substring compare the full canonical texts: 西山镇 is no prefix of 西山派出所.
  const [qs, ns] = [q.canon, n.canon];
  const ratio = Math.min(qs.length, ns.length) / Math.max(qs.length, ns.length);
  let best = 0;
  // "3" is no prefix of "30": a number must not be cut (经3路 is not 经30路).
  const cut = (at: number) => /\d/.test(qs.at(-1) ?? '') && /\d/.test(ns[at] ?? '');
  const i = ns.indexOf(qs);
  if (i === 0 && !cut(qs.length)) best = 0.8 + 0.15 * ratio;
  else if (i > 0 && !cut(i + qs.length)) best = 0.65 + 0.15 * ratio;
  else if (n.key.length >= 2 && qs.includes(n.key)) best = 0.6 + 0.2 * ratio;
  let common = 0;
  for (const t of q.tokens) if (n.tokens.has(t)) common++;
  if (common > 0) {
    const dice = (2 * common) / (q.tokens.size + n.tokens.size);
    best = Math.max(best, 0.7 * dice);
  }
  return best;
}

/** The point of a road nearest the centroid of its nodes: on the road, in its middle. */
function middleOf(coords: readonly number[]): { lon: number; lat: number } {
  let lon = 0;
  let lat = 0;
  const n = coords.length / 2;
  for (let i = 0; i < coords.length; i += 2) {
    lon += coords[i]!;
    lat += coords[i + 1]!;
  }
  lon /= n;
  lat /= n;
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let i = 0; i < coords.length; i += 2) {
    const d = (coords[i]! - lon) ** 2 + (coords[i + 1]! - lat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return { lon: coords[best]!, lat: coords[best + 1]! };
}

/** A road place from its names and node coordinates (located at its middle node). */
export function roadPlace(names: readonly string[], coords: readonly number[], precision = 0.8): Place {
  const at = middleOf(coords);
  return { kind: 'road', label: names[0]!, names, ...at, precision, coords };
}

/** Points where two roads meet: shared nodes, else node pairs closer than `withinMetres`; at most 3, 150 m apart. */
export function crossings(
  a: readonly number[],
  b: readonly number[],
  withinMetres = 25,
): { lon: number; lat: number }[] {
  const key = (lon: number, lat: number) => `${lon.toFixed(5)},${lat.toFixed(5)}`;
  const inA = new Set<string>();
  for (let i = 0; i < a.length; i += 2) inA.add(key(a[i]!, a[i + 1]!));
  const found: { lon: number; lat: number }[] = [];
  const add = (p: { lon: number; lat: number }) => {
    if (found.length < 3 && found.every((f) => haversineMetres(f, p) > 150)) found.push(p);
  };
  for (let i = 0; i < b.length; i += 2)
    if (inA.has(key(b[i]!, b[i + 1]!))) add({ lon: b[i]!, lat: b[i + 1]! });
  if (found.length > 0 || a.length * b.length > 4_000_000) return found;
  for (let i = 0; i < a.length; i += 2) {
    for (let j = 0; j < b.length; j += 2) {
      const p = { lon: a[i]!, lat: a[i + 1]! };
      if (haversineMetres(p, { lon: b[j]!, lat: b[j + 1]! }) <= withinMetres) add(p);
    }
  }
  return found;
}

/**
 * An in-memory gazetteer: names of jurisdictions, stations, earlier premises and roads, matched
 * against typed text (normalised for case, width, whitespace, numerals and road-type suffixes)
 * and ranked: exact before prefix before substring before token overlap, times the place's
 * precision. "A & B" / "A与B交叉口" finds where roads A and B cross.
 */
export class Gazetteer {
  readonly #entries: Indexed[];

  constructor(places: readonly Place[]) {
    this.#entries = places.map((place) => ({ place, names: place.names.map(indexName) }));
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Ranked candidates for the text, at most `limit` (≤ 20), only places `visible` accepts. */
  search(text: string, limit = 8, visible: (p: Place) => boolean = () => true): GeocodeCandidate[] {
    const q = text.trim().slice(0, MAX_QUERY);
    if (!q) return [];
    const scored = this.#scoreAll(indexName(q), visible);
    const pair = splitIntersection(q);
    if (pair) scored.push(...this.#intersections(pair, visible));
    scored.sort((x, y) => y.score - x.score || x.label.localeCompare(y.label));
    return dedupe(scored).slice(0, Math.max(1, Math.min(limit, MAX_LIMIT)));
  }

  #scoreAll(q: IndexedName, visible: (p: Place) => boolean): GeocodeCandidate[] {
    const out: GeocodeCandidate[] = [];
    for (const e of this.#entries) {
      let best = 0;
      for (const n of e.names) best = Math.max(best, nameScore(q, n));
      const score = best * e.place.precision;
      if (score >= MIN_SCORE && visible(e.place)) out.push(candidate(e.place, score));
    }
    return out;
  }

  #roadsMatching(text: string): { place: Place; score: number }[] {
    const q = indexName(text);
    const out: { place: Place; score: number }[] = [];
    for (const e of this.#entries) {
      if (e.place.kind !== 'road' || !e.place.coords) continue;
      let best = 0;
      for (const n of e.names) best = Math.max(best, nameScore(q, n));
      if (best >= CROSSING_MIN) out.push({ place: e.place, score: best });
    }
    const exact = out.filter((r) => r.score === 1);
    return (exact.length > 0 ? exact : out).sort((x, y) => y.score - x.score).slice(0, 3);
  }

  #intersections([a, b]: [string, string], visible: (p: Place) => boolean): GeocodeCandidate[] {
    const out: GeocodeCandidate[] = [];
    for (const ra of this.#roadsMatching(a)) {
      for (const rb of this.#roadsMatching(b)) {
        if (ra.place === rb.place || !visible(ra.place)) continue;
        for (const p of crossings(ra.place.coords!, rb.place.coords!)) {
          out.push({
            kind: 'intersection',
            label: `${ra.place.label} & ${rb.place.label}`,
            lon: p.lon,
            lat: p.lat,
            score: round(Math.min(ra.score, rb.score)),
          });
        }
      }
    }
    return out;
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function candidate(p: Place, score: number): GeocodeCandidate {
  return { kind: p.kind, label: p.label, lon: p.lon, lat: p.lat, score: round(score) };
}

/** Drops a candidate with the label of a better one less than 50 m away (one premise, many calls). */
function dedupe(sorted: GeocodeCandidate[]): GeocodeCandidate[] {
  const kept: GeocodeCandidate[] = [];
  for (const c of sorted) {
    if (!kept.some((k) => k.label === c.label && haversineMetres(k, c) < 50)) kept.push(c);
  }
  return kept;
}

/** Top score needed to place a call from its address alone. */
export const CONFIDENT_SCORE = 0.9;

/**
 * The one candidate a call can be placed at without asking: a strong match with no rival
 * elsewhere (a runner-up within 150 m is the same place). Null: the call taker must choose.
 */
export function confidentCandidate(candidates: readonly GeocodeCandidate[]): GeocodeCandidate | null {
  const [top, ...rest] = candidates;
  if (!top || top.score < CONFIDENT_SCORE) return null;
  const rival = rest.find((c) => c.score > top.score - 0.1 && haversineMetres(c, top) > 150);
  return rival ? null : top;
}
