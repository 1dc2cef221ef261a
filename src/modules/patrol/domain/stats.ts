/** Arithmetic mean (NaN for an empty sample). */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** Coefficient of variation: population standard deviation over mean (0 when the mean is 0). */
export function coefficientOfVariation(values: ArrayLike<number>): number {
  const m = mean(values);
  if (!(m > 0)) return 0;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - m) ** 2;
  return Math.sqrt(ss / values.length) / m;
}

/** p-th percentile (0..100), nearest-rank, of an unsorted sample (NaN when empty). */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median (average of the two middle values for even samples). */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Weighted percentile (0..100) of values with non-negative weights. */
export function weightedPercentile(values: ArrayLike<number>, weights: ArrayLike<number>, p: number): number {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  if (!(total > 0)) return Number.NaN;
  const target = (p / 100) * total;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i]!;
    if (acc >= target - 1e-12) return values[i]!;
  }
  return values[idx[idx.length - 1]!]!;
}
