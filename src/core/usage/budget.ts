/**
 * The client's side of new-api's CriticalRateLimit: `/api/log/token` and `/api/usage/token/` share
 * one bucket of 20 requests per 20 minutes per IP. The usage log is read on demand only, never more
 * than once a minute, and at most `LOG_READS_PER_WINDOW` times per window, so the key-state
 * diagnosis of a 401 (one `/api/usage/token/` read) always finds the bucket not empty. A 429 from
 * the gateway closes the budget for a while. No retry loop anywhere: a refused read says when.
 */

/** new-api's CriticalRateLimit window and size (common/constants.go defaults). */
export const SHARED_WINDOW_MS = 20 * 60 * 1000;
export const SHARED_LIMIT = 20;
/** What the log reads may spend of the shared bucket; the rest stays for the key-state diagnosis. */
export const LOG_READS_PER_WINDOW = 16;
export const MIN_INTERVAL_MS = 60 * 1000;
/** The shortest interval an end-to-end test may set (testInterval.ts); users always get MIN_INTERVAL_MS. */
export const TEST_MIN_INTERVAL_MS = 5 * 1000;
/** After the gateway's own 429 (which carries no Retry-After): wait this long. */
export const AFTER_GATEWAY_LIMIT_MS = 5 * 60 * 1000;

export type BudgetDecision = { ok: true } | { ok: false; retryAt: number };

/** What the budget remembers (the host keeps it across reloads). */
export interface BudgetState {
  /** When each log read was sent, ms since epoch, oldest first. */
  reads: number[];
  /** Set by a gateway 429: no read before this time. */
  closedUntil: number;
}

export class UsageBudget {
  private state: BudgetState;

  constructor(
    initial: Partial<BudgetState> | undefined,
    private readonly now: () => number = Date.now,
    /** MIN_INTERVAL_MS; shorter only in an end-to-end test (never below TEST_MIN_INTERVAL_MS). */
    private readonly minIntervalMs: number = MIN_INTERVAL_MS,
  ) {
    const reads = Array.isArray(initial?.reads) ? initial.reads.filter((t) => typeof t === 'number' && Number.isFinite(t)) : [];
    const closedUntil = typeof initial?.closedUntil === 'number' && Number.isFinite(initial.closedUntil) ? initial.closedUntil : 0;
    this.state = { reads: reads.sort((a, b) => a - b).slice(-SHARED_LIMIT), closedUntil };
  }

  /** A copy to keep. */
  snapshot(): BudgetState {
    return { reads: [...this.state.reads], closedUntil: this.state.closedUntil };
  }

  /** May a read go now? Does not spend anything. */
  check(): BudgetDecision {
    const t = this.now();
    const reads = this.state.reads.filter((r) => r > t - SHARED_WINDOW_MS && r <= t);
    let retryAt = 0;
    if (this.state.closedUntil > t) retryAt = this.state.closedUntil;
    const last = reads[reads.length - 1];
    const interval = Math.min(MIN_INTERVAL_MS, Math.max(TEST_MIN_INTERVAL_MS, this.minIntervalMs));
    if (last !== undefined && t - last < interval) retryAt = Math.max(retryAt, last + interval);
    if (reads.length >= LOG_READS_PER_WINDOW) retryAt = Math.max(retryAt, reads[reads.length - LOG_READS_PER_WINDOW] + SHARED_WINDOW_MS);
    return retryAt > t ? { ok: false, retryAt } : { ok: true };
  }

  /** Spends one read if the budget allows it. */
  take(): BudgetDecision {
    const decision = this.check();
    if (!decision.ok) return decision;
    const t = this.now();
    this.state.reads = [...this.state.reads.filter((r) => r > t - SHARED_WINDOW_MS && r <= t), t];
    return decision;
  }

  /** The gateway answered 429: its bucket is empty (other tools on this IP spend it too). */
  gatewayLimited(retryAfterMs?: number): number {
    const wait = retryAfterMs !== undefined && retryAfterMs > 0 ? Math.min(retryAfterMs, SHARED_WINDOW_MS) : AFTER_GATEWAY_LIMIT_MS;
    this.state.closedUntil = Math.max(this.state.closedUntil, this.now() + wait);
    return this.state.closedUntil;
  }
}
