import type { AtomSet } from './atoms.ts';

/** Weights of the designer's objective; every term is scale-free and averaged over beats. */
export interface ObjectiveWeights {
  /** Workload imbalance: ((W - target) / mean beat workload)^2 (or |.| with `balanceNorm: 'absolute'`). */
  balance: number;
  /** Moment of inertia of the beat's area about its centroid, relative to a disc (1 = disc). */
  inertia: number;
  /** Isoperimetric ratio P^2 / (4 pi A) = 1 / Polsby-Popper of the beat's union polygon. */
  perimeter: number;
  /** Workload-weighted travel time to the beat's patrol position (only with `travelTime`). */
  travel: number;
  balanceNorm: 'squared' | 'absolute';
  /** 'shape': inertia relative to the beat's own area; 'absolute': relative to the zone's mean beat area. */
  inertiaScale: 'shape' | 'absolute';
}

/** Defaults: balance dominates, then compactness as the Polsby-Popper measure sees it. */
export const DEFAULT_WEIGHTS: ObjectiveWeights = {
  balance: 8,
  inertia: 0.2,
  perimeter: 1,
  travel: 1,
  balanceNorm: 'squared',
  inertiaScale: 'shape',
};

/** Running per-beat sums (workload, area, perimeter, moments) with O(degree) move updates. */
export class BeatState {
  readonly W: Float64Array;
  readonly A: Float64Array;
  readonly P: Float64Array;
  readonly Sx: Float64Array;
  readonly Sy: Float64Array;
  readonly Sxx: Float64Array;
  readonly count: Int32Array;
  readonly ox: Float64Array;
  readonly oy: Float64Array;
  /** Target workload and reference area (for 'absolute' inertia) per beat. */
  readonly target: Float64Array;
  readonly refArea: Float64Array;

  constructor(
    readonly atoms: AtomSet,
    readonly assignment: Int32Array,
    beats: number,
    readonly weights: ObjectiveWeights,
    /** Mean beat workload used to normalise imbalance. */
    readonly wbar: number,
  ) {
    const z = () => new Float64Array(beats);
    this.W = z();
    this.A = z();
    this.P = z();
    this.Sx = z();
    this.Sy = z();
    this.Sxx = z();
    this.ox = z().fill(Number.NaN);
    this.oy = z();
    this.target = z();
    this.refArea = z();
    this.count = new Int32Array(beats);
    // Re-add atoms one by one so each shared edge is counted once, when its second atom arrives.
    const initial = Int32Array.from(assignment);
    assignment.fill(-1);
    for (let i = 0; i < initial.length; i++) if (initial[i]! >= 0) this.add(i, initial[i]!);
  }

  /** Sum of shared boundary between atom i and the atoms of beat b. */
  sharedWith(i: number, b: number): number {
    const { adjStart, adjIndex, adjShared, parent } = this.atoms;
    let s = 0;
    for (let k = adjStart[i]!; k < adjStart[i + 1]!; k++) {
      const j = adjIndex[k]!;
      if (this.assignment[j] === b && j !== i && parent[j] === parent[i]) s += adjShared[k]!;
    }
    return s;
  }

  private update(i: number, b: number, sign: number, shared: number): void {
    const { x, y, area, workload, perimeter } = this.atoms;
    if (Number.isNaN(this.ox[b]!)) {
      this.ox[b] = x[i]!;
      this.oy[b] = y[i]!;
    }
    const dx = x[i]! - this.ox[b]!;
    const dy = y[i]! - this.oy[b]!;
    const a = area[i]! * sign;
    this.W[b]! += workload[i]! * sign;
    this.A[b]! += a;
    this.P[b]! += sign * (perimeter[i]! - 2 * shared);
    this.Sx[b]! += a * dx;
    this.Sy[b]! += a * dy;
    this.Sxx[b]! += a * (dx * dx + dy * dy);
    this.count[b]! += sign;
  }

  /** Unassigns the given atoms and zeroes the sums of the given beats. */
  clear(members: readonly number[], beats: readonly number[]): void {
    for (const i of members) this.assignment[i] = -1;
    for (const b of beats) {
      for (const arr of [this.W, this.A, this.P, this.Sx, this.Sy, this.Sxx, this.oy]) arr[b] = 0;
      this.ox[b] = Number.NaN;
      this.count[b] = 0;
    }
  }

  /** Adds atom i (currently unassigned) to beat b. */
  add(i: number, b: number): void {
    this.update(i, b, 1, this.sharedWith(i, b));
    this.assignment[i] = b;
  }

  /** Moves atom i to beat `to`. */
  move(i: number, to: number): void {
    const from = this.assignment[i]!;
    this.assignment[i] = -1;
    this.update(i, from, -1, this.sharedWith(i, from));
    this.add(i, to);
  }

  /** Objective term of a beat from explicit sums. */
  term(b: number, W: number, A: number, P: number, Sx: number, Sy: number, Sxx: number): number {
    if (A <= 0) return 0;
    const w = this.weights;
    const dev = (W - this.target[b]!) / this.wbar;
    const bal = w.balanceNorm === 'squared' ? dev * dev : Math.abs(dev);
    const inertia = Math.max(0, Sxx - (Sx * Sx + Sy * Sy) / A);
    const ref = w.inertiaScale === 'shape' ? A : this.refArea[b]!;
    return (
      w.balance * bal +
      (w.inertia * 2 * Math.PI * inertia) / (ref * ref) +
      (w.perimeter * P * P) / (4 * Math.PI * A)
    );
  }

  /** Current objective term of beat b. */
  beatTerm(b: number): number {
    return this.term(b, this.W[b]!, this.A[b]!, this.P[b]!, this.Sx[b]!, this.Sy[b]!, this.Sxx[b]!);
  }

  /** Objective change if atom i moved from beat `from` to beat `to`. */
  moveDelta(i: number, from: number, to: number): number {
    const { x, y, area, workload, perimeter } = this.atoms;
    const a = area[i]!;
    const w = workload[i]!;
    const sFrom = this.sharedWith(i, from);
    const sTo = this.sharedWith(i, to);
    const fx = x[i]! - this.ox[from]!;
    const fy = y[i]! - this.oy[from]!;
    const tx = x[i]! - this.ox[to]!;
    const ty = y[i]! - this.oy[to]!;
    const before = this.beatTerm(from) + this.beatTerm(to);
    const afterFrom = this.term(
      from,
      this.W[from]! - w,
      this.A[from]! - a,
      this.P[from]! - perimeter[i]! + 2 * sFrom,
      this.Sx[from]! - a * fx,
      this.Sy[from]! - a * fy,
      this.Sxx[from]! - a * (fx * fx + fy * fy),
    );
    const afterTo = this.term(
      to,
      this.W[to]! + w,
      this.A[to]! + a,
      this.P[to]! + perimeter[i]! - 2 * sTo,
      this.Sx[to]! + a * tx,
      this.Sy[to]! + a * ty,
      this.Sxx[to]! + a * (tx * tx + ty * ty),
    );
    return afterFrom + afterTo - before;
  }

  /** Area-weighted centroid of beat b in local metres. */
  centroid(b: number): [number, number] {
    const A = this.A[b]!;
    return [this.ox[b]! + this.Sx[b]! / A, this.oy[b]! + this.Sy[b]! / A];
  }
}
