// Public surface of the analysis module: pure, place-based and aggregate statistics.

export * from './domain/civil-date.ts';
export * from './domain/compstat.ts';
export * from './domain/ewma-baseline.ts';
export * from './domain/geo.ts';
export * from './domain/gistar.ts';
export * from './domain/kernel-density.ts';
export * from './domain/knox.ts';
export * from './domain/rng.ts';
export * from './domain/scan-evaluation.ts';
export * from './domain/space-time-scan.ts';
export * from './domain/stats.ts';
