/**
 * When the key's figures (core `readAccount`) are read again. Pure: the clock is injected, nothing
 * here starts a timer or a request; AccountState asks `decide()` and reports `started()`/`finished()`.
 *
 * - after each successful check (`check`), on window focus when the figures are older than
 *   `staleAfterMs` (5 min) or a check finished while the window was away (`focus`), and when the
 *   person asks (`manual`);
 * - at most once per `minIntervalMs` (1 min), whatever the reason;
 * - never while the window is not focused (a check in the background marks the figures as due, and
 *   the next focus reads them);
 * - after a 429 (`rateLimited`), nothing until the back-off ends: `backoffBaseMs` (1 min), doubled
 *   after each further 429, capped at `backoffMaxMs` (30 min); a read that is not rate limited
 *   resets it.
 */
export type RefreshReason = 'check' | 'focus' | 'manual';

export type RefreshDecision =
  { read: true } | { read: false; why: 'unfocused' | 'fresh' | 'tooSoon' | 'backoff' | 'inflight'; retryAt?: number };

interface RefreshPolicyOptions {
  staleAfterMs?: number;
  minIntervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

const ACCOUNT_STALE_AFTER_MS = 5 * 60_000;
const ACCOUNT_MIN_INTERVAL_MS = 60_000;
const ACCOUNT_BACKOFF_BASE_MS = 60_000;
const ACCOUNT_BACKOFF_MAX_MS = 30 * 60_000;

export class AccountRefreshPolicy {
  private focused = true;
  private inflight = false;
  private lastAttemptAt: number | undefined;
  private lastReadAt: number | undefined;
  /** A check finished but its figures were not read (window away, too soon, backing off). */
  private due = false;
  private rateLimits = 0;
  private backoffUntil = 0;
  private readonly staleAfterMs: number;
  private readonly minIntervalMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;

  constructor(
    private readonly now: () => number,
    o: RefreshPolicyOptions = {},
  ) {
    this.staleAfterMs = o.staleAfterMs ?? ACCOUNT_STALE_AFTER_MS;
    this.minIntervalMs = o.minIntervalMs ?? ACCOUNT_MIN_INTERVAL_MS;
    this.backoffBaseMs = o.backoffBaseMs ?? ACCOUNT_BACKOFF_BASE_MS;
    this.backoffMaxMs = o.backoffMaxMs ?? ACCOUNT_BACKOFF_MAX_MS;
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
  }

  get isFocused(): boolean {
    return this.focused;
  }

  /** The current back-off after 429s, in ms (0 when none). */
  get backoffMs(): number {
    return this.rateLimits === 0 ? 0 : Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (this.rateLimits - 1));
  }

  /** Whether to read now for `reason`. A refusal of a `check` leaves the figures due for the next focus. */
  decide(reason: RefreshReason): RefreshDecision {
    const now = this.now();
    const refuse = (why: Exclude<RefreshDecision, { read: true }>['why'], retryAt?: number): RefreshDecision => {
      if (reason === 'check') this.due = true;
      return retryAt === undefined ? { read: false, why } : { read: false, why, retryAt };
    };
    if (this.inflight) return refuse('inflight');
    if (now < this.backoffUntil) return refuse('backoff', this.backoffUntil);
    if (this.lastAttemptAt !== undefined && now - this.lastAttemptAt < this.minIntervalMs)
      return refuse('tooSoon', this.lastAttemptAt + this.minIntervalMs);
    // The person asked (Show Account → Refresh): the window is theirs, focused or not.
    if (reason === 'manual') return { read: true };
    if (!this.focused) return refuse('unfocused');
    if (reason === 'check') return { read: true };
    const stale = this.lastReadAt === undefined || now - this.lastReadAt > this.staleAfterMs;
    return stale || this.due ? { read: true } : { read: false, why: 'fresh' };
  }

  started(): void {
    this.inflight = true;
    this.lastAttemptAt = this.now();
  }

  finished(outcome: 'ok' | 'rateLimited' | 'failed'): void {
    this.inflight = false;
    const now = this.now();
    if (outcome === 'rateLimited') {
      this.rateLimits += 1;
      this.backoffUntil = now + this.backoffMs;
      this.due = true;
      return;
    }
    this.rateLimits = 0;
    this.backoffUntil = 0;
    this.due = false;
    if (outcome === 'ok') this.lastReadAt = now;
  }

  /** The saved key or Base URL changed: the old figures say nothing about the new ones. */
  reset(): void {
    this.lastReadAt = undefined;
    this.due = false;
  }
}
