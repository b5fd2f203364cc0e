/** Where the cron controller reads time and arms timers; tests inject a fake one. */
export interface Clock {
  now(): Date;
  /** Calls `fn` once at (not before) `at`; returns a function that cancels it. */
  setTimer(at: Date, fn: () => void): () => void;
}

/** setTimeout's longest delay (about 24.8 days); longer waits are re-armed in steps. */
const maxTimeoutMs = 2 ** 31 - 1;

/** The real clock: setTimeout, re-armed until `at` for long delays or an early wake-up; unref'd. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(at, fn) {
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const delay = Math.min(Math.max(at.getTime() - Date.now(), 0), maxTimeoutMs);
      handle = setTimeout(() => (Date.now() >= at.getTime() ? fn() : arm()), delay);
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  },
};
