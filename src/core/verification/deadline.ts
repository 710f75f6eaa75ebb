/**
 * The verification's one overall deadline and the user's cancel, as one abort signal: whichever
 * comes first aborts every request of the check.
 */
export class EngineAbort extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled') {
    super(reason === 'timeout' ? 'Deadline exceeded' : 'Cancelled');
    this.name = 'EngineAbort';
  }
}

export interface RequestOptions {
  signal: AbortSignal;
  timeout: number;
  maxRetries: number;
}

export interface Deadline {
  /** Aborted at the deadline or when the user cancels. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Why the signal aborted: the user's cancel wins over the deadline. */
  reason(): 'timeout' | 'cancelled';
  why(): EngineAbort;
  /** The SDK's per-request options: this signal, the time left (+1 s), no retries. */
  requestOptions(): RequestOptions;
  /** Stops the timer, lets go of the user's signal and aborts whatever is still in flight. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, userSignal: AbortSignal | undefined): Deadline {
  const combined = new AbortController();
  const abortCombined = (): void => combined.abort();
  const timer = setTimeout(abortCombined, timeoutMs);
  if (userSignal) {
    if (userSignal.aborted) abortCombined();
    else userSignal.addEventListener('abort', abortCombined, { once: true });
  }
  const deadlineAt = Date.now() + timeoutMs;
  const reason = (): 'timeout' | 'cancelled' => (userSignal?.aborted ? 'cancelled' : 'timeout');
  return {
    signal: combined.signal,
    timeoutMs,
    reason,
    why: () => new EngineAbort(reason()),
    requestOptions: () => ({
      signal: combined.signal,
      timeout: Math.max(1, Math.ceil(deadlineAt - Date.now()) + 1000),
      maxRetries: 0,
    }),
    dispose: () => {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', abortCombined);
      // Abort anything still in flight (a black-holed probe, a body we stopped reading).
      combined.abort();
    },
  };
}
