// Cody's rational Chebyshev approximation of the normal tail, as in R's nmath/pnorm.c,
// so p-values agree with R to full double precision (a plain erf series does not).
const A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356];
const A4 = 0.06568233791820745;
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978,
];
const C8 = 1.0765576773720192e-8;
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const P = [0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934];
const P4 = 0.000029112874951168793;
const P5 = 0.023073441764940174;
const Q = [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824];
const Q4 = 0.00007297515550839662;
const ONE_OVER_SQRT_2PI = 0.3989422804014327;

/** exp(-y²/2) split so the result keeps full relative precision far in the tail. */
function gaussTail(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5);
}

/** Upper tail P(Z > x) of the standard normal distribution (R's `pnorm(x, lower = FALSE)`). */
export function normalUpperTail(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  let upper: number;
  if (y <= 0.67448975) {
    const xsq = x * x;
    let num = A4 * xsq;
    let den = xsq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]!) * xsq;
      den = (den + B[i]!) * xsq;
    }
    return 0.5 - (x * (num + A[3]!)) / (den + B[3]!);
  }
  if (y <= Math.sqrt(32)) {
    let num = C8 * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    upper = gaussTail(y) * ((num + C[7]!) / (den + D[7]!));
  } else if (y < 37.5193) {
    const xsq = 1 / (y * y);
    let num = P5 * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * xsq;
      den = (den + Q[i]!) * xsq;
    }
    const t = (xsq * (num + P4)) / (den + Q4);
    upper = (gaussTail(y) * (ONE_OVER_SQRT_2PI - t)) / y;
  } else {
    upper = 0;
  }
  return x > 0 ? upper : 1 - upper;
}

/** Two-sided p-value of a standard-normal z-score, 2·P(Z > |z|). */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in input order: q(i) = min over
 * ranks j ≥ rank(i) of p(j)·m/j, capped at 1 (R's `p.adjust(p, "BH")`). NaN stays NaN
 * and does not count towards m.
 */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pValues.length).fill(Number.NaN);
  const order: number[] = [];
  for (let i = 0; i < pValues.length; i++) if (!Number.isNaN(pValues[i]!)) order.push(i);
  order.sort((a, b) => pValues[b]! - pValues[a]!);
  const m = order.length;
  let running = 1;
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    running = Math.min(running, (pValues[i]! * m) / (m - r));
    out[i] = running;
  }
  return out;
}
