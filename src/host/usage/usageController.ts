import type { DisplayUnit } from '../../core/gatewayAccount/types';
import { USD_DISPLAY } from '../../core/gatewayAccount/units';
import { UsageBudget, type BudgetState } from '../../core/usage/budget';
import { usageCsv } from '../../core/usage/csv';
import { matchesFilter, type UsageFilter } from '../../core/usage/filter';
import { MAX_KEPT_ENTRIES } from '../../core/usage/merge';
import { toTuple } from '../../core/usage/rowTuple';
import { recentSpend } from '../../core/usage/spend';
import type { UsageEntry } from '../../core/usage/types';
import { parseUsageViewMessage, type UsageHostMessage } from '../../protocol/usageMessages';
import type { MementoPort } from '../shared/ports';
import { readSentence } from './usageStatus';
import type { UsageSource } from './usageSource';
import type { UsageSpend } from './usageSpend';
import type { UsageStore } from './usageStore';
import { t } from '../../core/l10n';

/** globalState: the log-read budget (shared by every window of this editor) and the last display unit seen. */
export const BUDGET_STATE_KEY = 'rutaapi.usage.budget';
export const DISPLAY_STATE_KEY = 'rutaapi.usage.display';

export interface UsageControllerDeps {
  post(m: UsageHostMessage): PromiseLike<unknown>;
  store: Pick<UsageStore, 'load' | 'merge' | 'clear'>;
  source: UsageSource;
  chatIds: { all(): ReadonlySet<string> };
  state: MementoPort;
  logger: { info(m: string): void; warn(m: string, ...rest: unknown[]): void };
  /** The view's string table (usageStrings.ts). */
  strings: Record<string, string>;
  /** Asks where to save and writes; false when nothing was written. */
  saveCsv(text: string): Promise<boolean>;
  /** Clear Usage History's confirmation. */
  confirmClear(): Promise<boolean>;
  onSpend(spend: UsageSpend | undefined): void;
  now?: () => number;
  /** The budget's interval between reads: a minute, shorter only in an end-to-end test (testInterval.ts). */
  minIntervalMs?: number;
}

export function storedDisplay(state: MementoPort): DisplayUnit {
  const d = state.get<Partial<DisplayUnit>>(DISPLAY_STATE_KEY);
  const ok = d && typeof d.unit === 'string' && d.unit.length <= 32 && Number(d.quotaPerUnit) > 0 && Number(d.exchangeRate) > 0;
  return ok ? { unit: d.unit!, quotaPerUnit: Number(d.quotaPerUnit), exchangeRate: Number(d.exchangeRate) } : USD_DISPLAY;
}

/**
 * The usage view's host side, without the editor: answers the view's messages (parsed, malformed
 * ones dropped and logged), shows the saved key's kept history at once, reads the gateway's
 * records through the budget on open and on Refresh, merges them by request id and sends the result.
 */
export class UsageController {
  private entries: UsageEntry[] = [];
  private hash: string | undefined;
  private display: DisplayUnit;
  private reading: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly d: UsageControllerDeps) {
    this.now = d.now ?? Date.now;
    this.display = storedDisplay(d.state);
  }

  async handle(raw: unknown): Promise<void> {
    const m = parseUsageViewMessage(raw);
    if (!m) {
      this.d.logger.warn('Usage view: dropped a message that does not fit the protocol');
      return;
    }
    switch (m.type) {
      case 'ready':
        await this.d.post({ type: 'strings', strings: this.d.strings });
        await this.showKept();
        return this.refresh();
      case 'refresh':
        return this.refresh();
      case 'exportCsv':
        return this.exportCsv(m.filter);
      case 'clear':
        return this.clear();
    }
  }

  /** The saved key's kept history, as it is on disk (no network). */
  async showKept(): Promise<void> {
    this.hash = await this.d.source.savedKeyHash();
    if (!this.hash) {
      this.entries = [];
      await this.sendData(0);
      return this.status(t('No API key is saved. Set one up to see its usage.'), false);
    }
    const kept = await this.d.store.load(this.hash);
    if (kept.invalid > 0) this.d.logger.warn(`Usage: ${kept.invalid} kept rows did not fit the schema and were dropped`);
    this.entries = kept.entries;
    await this.sendData(kept.droppedOld);
  }

  /** One read of the gateway's records (at most one at a time), merged into the history. */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<void> {
    await this.status(t('Reading the records from the gateway…'), true);
    const budget = new UsageBudget(this.d.state.get<Partial<BudgetState>>(BUDGET_STATE_KEY), this.now, this.d.minIntervalMs);
    let r: Awaited<ReturnType<UsageSource['read']>>;
    try {
      r = await this.d.source.read(budget);
    } catch (e) {
      this.d.logger.warn('Usage: reading the records failed', e instanceof Error ? e.name : 'error');
      r = { kind: 'failed', reason: 'network', keyHash: '', display: this.display };
    }
    await this.d.state.update(BUDGET_STATE_KEY, budget.snapshot());
    this.d.logger.info(`Usage: read ${r.kind}${r.kind === 'ok' ? ` (${r.entries.length} rows, ${r.dropped} dropped)` : ''}`);
    if (r.kind === 'not_checked') return this.status(readSentence(r, 0, this.now()), false);
    const d = r.display;
    // The exchange rate too: a CNY or custom rate the operator changed must reach the view and be kept.
    if (d.unit !== this.display.unit || d.quotaPerUnit !== this.display.quotaPerUnit || d.exchangeRate !== this.display.exchangeRate) {
      this.display = r.display;
      await this.d.state.update(DISPLAY_STATE_KEY, r.display);
    }
    if (r.kind !== 'ok') return this.status(readSentence(r, 0, this.now()), false);
    // The key the read went out with (the saved one may have changed while the view was open).
    this.hash = r.keyHash;
    const merged = await this.d.store.merge(r.keyHash, r.entries, this.d.chatIds.all());
    this.entries = merged.entries;
    await this.sendData(merged.droppedOld);
    return this.status(readSentence(r, merged.added, this.now()), false);
  }

  private async sendData(droppedOld: number): Promise<void> {
    const nowMs = this.now();
    await this.d.post({
      type: 'data',
      display: this.display,
      rows: this.entries.map(toTuple),
      droppedOld,
      maxKept: MAX_KEPT_ENTRIES,
      nowS: Math.floor(nowMs / 1000),
    });
    if (!this.hash || this.entries.length === 0) return this.d.onSpend(undefined);
    const spend = recentSpend(this.entries, this.display, Math.floor(nowMs / 1000));
    this.d.onSpend({ ...spend, unit: this.display.unit, readAt: nowMs });
  }

  private async status(text: string, busy: boolean): Promise<void> {
    await this.d.post({ type: 'status', text, busy });
  }

  private async exportCsv(filter: UsageFilter): Promise<void> {
    const rows = this.entries.filter((e) => matchesFilter(e, filter));
    if (await this.d.saveCsv(usageCsv(rows, this.display))) await this.status(t('Exported {0} rows.', rows.length), false);
  }

  /** The view's Clear button and the command: the saved key's rows, after the confirmation. */
  /** Clears the key's history after asking, or at once when Clear Usage History already asked. */
  async clear(confirmed = false): Promise<void> {
    const hash = this.hash ?? (await this.d.source.savedKeyHash());
    if (!hash || (!confirmed && !(await this.d.confirmClear()))) return;
    await this.d.store.clear(hash);
    this.entries = [];
    await this.sendData(0);
    await this.status(t('The usage history of this key was cleared.'), false);
  }
}
