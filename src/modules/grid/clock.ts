/** Where the grid module reads the time: the wall clock, or a test's controllable clock. */
export type Clock = () => Date;

/** The real clock. */
export const systemClock: Clock = () => new Date();

/** A clock that only moves when told to (tests, replays). */
export interface ManualClock {
  now: Clock;
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** Creates a manual clock starting at `start`. */
export function manualClock(start: Date | string): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
