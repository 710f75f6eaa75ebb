import type * as vscode from 'vscode';
import { t } from '../core/l10n';
import { Disposable } from './disposable';
import type { Connection, ConnectionState } from './connectionState';

export const STATUS_BAR_ID = 'rutaapi.status';

export interface StatusView {
  text: string;
  /** Markdown (trusted only for command links we write ourselves). */
  tooltip: string;
  tone: 'normal' | 'warning' | 'error';
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** Pure: what the status bar item shows for a connection state. */
export function describeStatus(state: ConnectionState, formatTime: (ms: number) => string = (ms) => new Date(ms).toLocaleTimeString()): StatusView {
  const lines: string[] = [`**${escapeMarkdown(t('RutaAPI Connection'))}**`, ''];
  const row = (label: string, value: string) => lines.push(`${escapeMarkdown(label)}: ${escapeMarkdown(value)}  `);
  switch (state.kind) {
    case 'notConfigured':
      lines.push(
        escapeMarkdown(
          state.reason === 'keychainError' && state.message ? state.message : t('Not configured: no API key is saved.'),
        ),
      );
      return { text: `$(plug) ${t('RutaAPI: Set up')}`, tooltip: footer(lines), tone: state.reason === 'keychainError' ? 'warning' : 'normal' };
    case 'unchecked':
      row(t('Base URL'), state.baseUrl);
      row(t('Model'), state.model || t('(none selected)'));
      lines.push('', escapeMarkdown(t('Not checked yet. Choose Verify Now to check the connection.')));
      return { text: `$(plug) ${t('RutaAPI')}`, tooltip: footer(lines), tone: 'normal' };
    case 'checking':
      lines.push(escapeMarkdown(t('Checking the connection…')));
      return { text: `$(sync~spin) ${t('RutaAPI')}`, tooltip: footer(lines), tone: 'normal' };
    case 'checked': {
      const r = state.result;
      row(t('Base URL'), state.baseUrl);
      row(t('Model'), state.model || t('(none selected)'));
      row(t('API key'), state.keyRedacted);
      row(t('Last check'), formatTime(state.checkedAt));
      const latency = r.steps.reduce((sum, s) => sum + s.latencyMs, 0);
      if (r.steps.length) row(t('Latency'), `${Math.round(latency)} ms`);
      lines.push('');
      if (r.ok) {
        if (!state.model) {
          lines.push(escapeMarkdown(t('The key works, but no model is selected.')));
          return { text: `$(warning) ${t('RutaAPI: no model')}`, tooltip: footer(lines), tone: 'warning' };
        }
        lines.push(`$(check) ${escapeMarkdown(t('Connected: the key, Base URL and model work.'))}`);
        return { text: `$(check) ${state.model}`, tooltip: footer(lines), tone: 'normal' };
      }
      const d = r.diagnosis;
      lines.push(`**${escapeMarkdown(d.title)}**  `, escapeMarkdown(d.detail));
      const tone = d.severity === 'error' ? 'error' : 'warning';
      const icon = tone === 'error' ? '$(error)' : '$(warning)';
      return { text: `${icon} ${t('RutaAPI: {0}', d.short || d.code)}`, tooltip: footer(lines), tone };
    }
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
    connection: Connection,
    command: string,
  ) {
    super();
    this.item = this._register(vs.window.createStatusBarItem(STATUS_BAR_ID, vs.StatusBarAlignment.Right, 100));
    this.item.name = t('RutaAPI Connection');
    this.item.command = command;
    this._register(connection.onDidChange((s) => this.render(s)));
    this.render(connection.state);
    this.item.show();
  }

  private render(state: ConnectionState): void {
    const view = describeStatus(state);
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
