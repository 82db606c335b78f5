/**
 * The one clock of the server's time-driven parts (routing deadlines, call timestamps, the Twilio
 * sandbox). Production uses wall time; tests inject a virtual clock so a 15-second ring takes no
 * time; `SANDBOX_SPEED` runs the whole sandboxed site faster than life. Shaped like the sandbox's
 * clock so one instance drives both.
 */
export interface AppClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const APP_CLOCK = Symbol('APP_CLOCK');

/** Wall time, optionally sped up from the moment it is made. */
export function wallClock(speed = 1): AppClock {
  const origin = Date.now();
  return {
    now: () => (speed === 1 ? Date.now() : origin + (Date.now() - origin) * speed),
    setTimeout: (fn, ms) => {
      const timer = setTimeout(fn, Math.max(0, ms) / speed);
      timer.unref();
      return timer;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}
