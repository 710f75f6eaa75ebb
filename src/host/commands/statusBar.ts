import type * as vscode from 'vscode';
import { t } from '../../core/l10n';
import { escapeMarkdown } from '../../core/inertText';
import type { AccountFigures } from '../../core/gatewayAccount/types';
import type { VerificationResult } from '../../core/types';
import type { AccountState } from '../account/accountState';
import { accountLines, isLowBalance, percentLeft, type FigureFormat } from '../account/figures';
import { Disposable } from '../shared/disposable';
import type { Connection, ConnectionState } from '../connection/connectionState';
import type { Settings } from '../connection/settings';
import { shown, tShown } from '../shared/shown';
import { formatAmount } from '../../core/gatewayAccount/amount';
import type { Event } from '../shared/event';
import type { UsageSpend } from '../usage/usageSpend';

const STATUS_BAR_ID = 'rutaapi.status';

interface StatusView {
  text: string;
  /** Markdown (never trusted: values from settings and the network pass through shown(…, 'markdown')). */
  tooltip: string;
  tone: 'normal' | 'warning' | 'error';
}

/** What the status bar adds about the saved key's figures (AccountState), when known. */
export interface StatusAccount extends FigureFormat {
  figures: AccountFigures | null;
  /** rutaapi.lowBalanceWarning (percent). */
  lowBalancePercent: number;
  readAt: number;
}

/** The request id of the last check: the last step that has one, else the diagnosis evidence. */
export function lastRequestId(r: VerificationResult): string | undefined {
  for (let i = r.steps.length - 1; i >= 0; i--) {
    const id = r.steps[i].requestId;
    if (id) return id;
  }
  return r.diagnosis.evidence.requestId || undefined;
}

type StateOf<K extends ConnectionState['kind']> = Extract<ConnectionState, { kind: K }>;

/** The tooltip's lines as they are written: a heading, then `label: value` rows and paragraphs. */
interface Tooltip {
  lines: string[];
  row(label: string, value: string): void;
}

function tooltip(): Tooltip {
  const lines: string[] = [`**${escapeMarkdown(t('RutaAPI Connection'))}**`, ''];
  const row = (label: string, value: string) => lines.push(`${escapeMarkdown(label)}: ${shown(value, 'markdown')}  `);
  return { lines, row };
}

function notConfiguredView(state: StateOf<'notConfigured'>, { lines }: Tooltip): StatusView {
  lines.push(
    state.reason === 'keychainError' && state.message
      ? shown(state.message, 'markdown')
      : escapeMarkdown(t('Not configured: no API key is saved.')),
  );
  return {
    text: `$(plug) ${t('RutaAPI: Set up')}`,
    tooltip: footer(lines),
    tone: state.reason === 'keychainError' ? 'warning' : 'normal',
  };
}

function awaitingOriginView(state: StateOf<'awaitingOrigin'>, { lines, row }: Tooltip): StatusView {
  row(t('Base URL'), state.baseUrl);
  row(t('Saved key approved for'), state.approved.join(', ') || t('(none)'));
  lines.push(
    '',
    state.fromWorkspace
      ? tShown(
          'markdown',
          "Waiting for your confirmation: this workspace's settings point the Base URL to {0}, a server the saved API key was not saved for. Nothing is sent there until you confirm it.",
          state.origin,
        )
      : tShown(
          'markdown',
          'Waiting for your confirmation: the Base URL points to {0}, a server the saved API key was not saved for. Nothing is sent there until you confirm it.',
          state.origin,
        ),
  );
  lines.push('', `_${escapeMarkdown(t('Click to review the server and decide'))}_`);
  return { text: `$(shield) ${t('RutaAPI: confirm server')}`, tooltip: lines.join('\n'), tone: 'warning' };
}

/** The last check's rows, the key's balance and its recent spend when they are known. */
function checkedRows(
  state: StateOf<'checked'>,
  { lines, row }: Tooltip,
  formatTime: (ms: number) => string,
  account?: StatusAccount,
  spend?: UsageSpend,
): void {
  const r = state.result;
  row(t('Base URL'), state.baseUrl);
  row(t('Model'), state.model || t('(none selected)'));
  row(t('API key'), state.keyRedacted);
  row(t('Last check'), formatTime(state.checkedAt));
  const latency = r.steps.reduce((sum, s) => sum + s.latencyMs, 0);
  if (r.steps.length) row(t('Latency'), `${Math.round(latency)} ms`);
  const requestId = lastRequestId(r);
  if (requestId) row(t('Request id'), requestId);
  const figures = account?.figures;
  if (figures) {
    lines.push('', `**${escapeMarkdown(t('API key balance'))}**  `);
    for (const l of accountLines(figures, 'markdown', account)) lines.push(`${l}  `);
    lines.push(`_${escapeMarkdown(t('Read at {0}', formatTime(account.readAt)))}_  `);
  }
  if (spend) {
    lines.push('', `**${escapeMarkdown(t('Spent (usage history)'))}**  `);
    row(t('Today'), formatAmount(spend.today, spend.unit));
    row(t('Last 7 days'), formatAmount(spend.last7, spend.unit));
  }
  lines.push('');
}

function lowBalanceView(state: StateOf<'checked'>, { lines }: Tooltip, figures: AccountFigures): StatusView {
  const p = percentLeft(figures);
  lines.push(
    `$(warning) ${escapeMarkdown(
      p === undefined || p <= 0
        ? t('This API key has nothing left. Top it up in the dashboard.')
        : t('This API key has {0} % of its limit left.', Math.floor(p)),
    )}`,
  );
  const label = state.model ? shown(state.model, 'label') : t('RutaAPI');
  return { text: `$(warning) ${label}`, tooltip: footer(lines), tone: 'warning' };
}

function checkedView(
  state: StateOf<'checked'>,
  tip: Tooltip,
  formatTime: (ms: number) => string,
  account?: StatusAccount,
  spend?: UsageSpend,
): StatusView {
  const { lines } = tip;
  const r = state.result;
  checkedRows(state, tip, formatTime, account, spend);
  const figures = account?.figures;
  if (r.ok && figures && isLowBalance(figures, account.lowBalancePercent)) return lowBalanceView(state, tip, figures);
  if (r.ok) {
    if (!state.model) {
      lines.push(escapeMarkdown(t('The key works, but no model is selected.')));
      return { text: `$(warning) ${t('RutaAPI: no model')}`, tooltip: footer(lines), tone: 'warning' };
    }
    lines.push(`$(check) ${escapeMarkdown(t('Connected: the key, Base URL and model work.'))}`);
    return { text: `$(check) ${shown(state.model, 'label')}`, tooltip: footer(lines), tone: 'normal' };
  }
  const d = r.diagnosis;
  lines.push(`**${shown(d.title, 'markdown')}**  `, shown(d.detail, 'markdown'));
  const tone = d.severity === 'error' ? 'error' : 'warning';
  const icon = tone === 'error' ? '$(error)' : '$(warning)';
  return { text: `${icon} ${tShown('label', 'RutaAPI: {0}', d.short || d.code)}`, tooltip: footer(lines), tone };
}

/** Pure: what the status bar item shows for a connection state. */
export function describeStatus(
  state: ConnectionState,
  formatTime: (ms: number) => string = (ms) => new Date(ms).toLocaleTimeString(),
  account?: StatusAccount,
  spend?: UsageSpend,
): StatusView {
  const tip = tooltip();
  switch (state.kind) {
    case 'notConfigured':
      return notConfiguredView(state, tip);
    case 'unchecked':
      tip.row(t('Base URL'), state.baseUrl);
      tip.row(t('Model'), state.model || t('(none selected)'));
      tip.lines.push('', escapeMarkdown(t('Not checked yet. Choose Verify Now to check the connection.')));
      return { text: `$(plug) ${t('RutaAPI')}`, tooltip: footer(tip.lines), tone: 'normal' };
    case 'awaitingOrigin':
      return awaitingOriginView(state, tip);
    case 'checking':
      tip.lines.push(escapeMarkdown(t('Checking the connection…')));
      return { text: `$(sync~spin) ${t('RutaAPI')}`, tooltip: footer(tip.lines), tone: 'normal' };
    case 'checked':
      return checkedView(state, tip, formatTime, account, spend);
  }
}

function footer(lines: string[]): string {
  lines.push('', `_${escapeMarkdown(t('Click for actions'))}_`);
  return lines.join('\n');
}

/** The one status bar item, kept in sync with the connection state. */
export class StatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  constructor(
    private readonly vs: typeof vscode,
    private readonly connection: Connection,
    command: string,
    private readonly account?: { state: AccountState; settings: Settings },
    /** Today's and the last 7 days' spend, once the usage view has read the key's history. */
    private readonly spend?: { readonly current: UsageSpend | undefined; onDidChange: Event<UsageSpend | undefined> },
  ) {
    super();
    this.item = this._register(vs.window.createStatusBarItem(STATUS_BAR_ID, vs.StatusBarAlignment.Right, 100));
    this.item.name = t('RutaAPI Connection');
    this.item.command = command;
    this._register(connection.onDidChange(() => this.render()));
    if (account) this._register(account.state.onDidChange(() => this.render()));
    if (spend) this._register(spend.onDidChange(() => this.render()));
    this.render();
    this.item.show();
  }

  /** Re-renders (also after rutaapi.lowBalanceWarning changed). */
  render(): void {
    const snap = this.account?.state.current;
    const view = describeStatus(
      this.connection.state,
      undefined,
      snap && this.account
        ? { figures: snap.read.account, lowBalancePercent: this.account.settings.lowBalancePercent, readAt: snap.readAt }
        : undefined,
      this.spend?.current,
    );
    this.item.text = view.text;
    const md = new this.vs.MarkdownString(view.tooltip, true);
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `${t('RutaAPI Connection')}: ${view.text.replace(/\$\([^)]*\)\s*/g, '')}` };
    this.item.backgroundColor =
      view.tone === 'error'
        ? new this.vs.ThemeColor('statusBarItem.errorBackground')
        : view.tone === 'warning'
          ? new this.vs.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }
}
