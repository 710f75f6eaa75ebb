// An interval timer driven by the test: `advance(ms)` runs every tick due within `ms`, in order.
import type { IntervalTimer } from '../../../src/webview/retryCountdown';

export class FakeTimer implements IntervalTimer {
  now = 0;
  private nextId = 1;
  private readonly intervals = new Map<number, { tick: () => void; ms: number; due: number }>();

  setInterval(tick: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.intervals.set(id, { tick, ms, due: this.now + ms });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }

  get active(): number {
    return this.intervals.size;
  }

  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = [...this.intervals.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      if (!next || next[1].due > end) break;
      this.now = next[1].due;
      next[1].due += next[1].ms;
      next[1].tick();
    }
    this.now = end;
  }
}
