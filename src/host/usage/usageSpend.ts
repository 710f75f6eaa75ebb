import { Disposable } from '../shared/disposable';
import { Emitter } from '../shared/event';

/** What the saved key spent today and in the last 7 days, from its usage history (status bar tooltip). */
export interface UsageSpend {
  today: number;
  last7: number;
  /** The site's display unit. */
  unit: string;
  /** When the history was last merged (ms since epoch). */
  readAt: number;
}

/**
 * The saved key's spend as the usage chunk last computed it, in host.js so the status bar can show
 * it without loading dist/usage.js: from the kept rows after each successful check
 * (spendAfterChecks.ts) and from the view after each read. Unknown (undefined) until then, and again
 * as soon as the key changes.
 */
export class UsageSpendState extends Disposable {
  private value: UsageSpend | undefined;
  private readonly changed = this._register(new Emitter<UsageSpend | undefined>());
  readonly onDidChange = this.changed.event;

  get current(): UsageSpend | undefined {
    return this.value;
  }

  set(value: UsageSpend | undefined): void {
    if (value === undefined && this.value === undefined) return;
    this.value = value;
    this.changed.fire(value);
  }
}
