// The Retry-After wait of a rate-limited verification: the diagnosis card's retry button counts
// down once a second and Verify stays disabled until the count ends (or the form changes, or
// another diagnosis replaces the card). Pure: the interval timer is injected.
import type { Fmt } from './strings';

export interface IntervalTimer {
  setInterval(tick: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const browserTimer: IntervalTimer = {
  setInterval: (tick, ms) => setInterval(tick, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface RetryButtonView {
  label: string;
  disabled: boolean;
}

export class RetryGate {
  private handle: unknown;
  private isBlocked = false;

  /** `blockedChanged` runs whenever `blocked` may have changed (the wiring updates Verify). */
  constructor(
    private readonly timer: IntervalTimer,
    private readonly fmt: Fmt,
    private readonly blockedChanged: () => void,
  ) {}

  /** True while a countdown runs: Verify waits. */
  get blocked(): boolean {
    return this.isBlocked;
  }

  /**
   * Counts down whole seconds (rounded up): `button` gets the label at once and after each
   * second; at zero the gate opens, the button becomes "Retry now" and `ended` gets that text.
   */
  start(seconds: number, button: (view: RetryButtonView) => void, ended: (text: string) => void): void {
    let left = Math.ceil(seconds);
    this.isBlocked = true;
    const tick = () => {
      if (left <= 0) {
        this.stop();
        const now = this.fmt('retryNow');
        button({ label: now, disabled: false });
        ended(now);
      } else {
        button({ label: this.fmt('retryIn', left), disabled: true });
      }
      left -= 1;
    };
    tick();
    if (this.isBlocked) this.handle = this.timer.setInterval(tick, 1000);
    this.blockedChanged();
  }

  /** Stops the countdown (the button keeps its last label) and lets Verify run again. */
  stop(): void {
    if (this.handle !== undefined) this.timer.clearInterval(this.handle);
    this.handle = undefined;
    this.isBlocked = false;
    this.blockedChanged();
  }
}
