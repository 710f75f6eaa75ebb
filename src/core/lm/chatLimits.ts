/**
 * The chat answer's two time limits: idle (nothing that moves the answer on for `idleMs`) and
 * overall (`maxAnswerMs`, however steadily it streams). Either one calls `onTimeout`.
 */

/** Time for the idle and overall limits (tests pass a fake one). */
export interface ChatClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: ChatClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ChatLimits {
  /** Progress: the idle limit counts from now (and starts on the first call). */
  arm(): void;
  /** Whether the overall limit is what ran out. */
  overran(): boolean;
  dispose(): void;
}

export function startChatLimits(clock: ChatClock, idleMs: number, maxAnswerMs: number, onTimeout: () => void): ChatLimits {
  let timer: unknown;
  let lastActivity = clock.now();
  // One timer, re-armed only when it fires: progress just records the time (re-creating a timer per
  // chunk costs more than the chunk itself on a fast stream).
  const check = (): void => {
    const quiet = clock.now() - lastActivity;
    if (quiet >= idleMs) onTimeout();
    else timer = clock.setTimeout(check, idleMs - quiet);
  };
  let overran = false;
  const overall = clock.setTimeout(() => {
    overran = true;
    onTimeout();
  }, maxAnswerMs);
  return {
    arm: () => {
      lastActivity = clock.now();
      if (timer === undefined) timer = clock.setTimeout(check, idleMs);
    },
    overran: () => overran,
    dispose: () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      clock.clearTimeout(overall);
    },
  };
}
