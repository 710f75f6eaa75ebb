/**
 * The ledger as CSV (RFC 4180): every cell quoted when it holds a comma, quote or line break, and a
 * text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading apostrophe (numbers, negative refunds included, stay numbers). Money in the site's display unit.
 */
import type { DisplayUnit } from '../gatewayAccount/types';
import { quotaToDisplay } from '../gatewayAccount/units';
import type { UsageEntry } from './types';

const TYPE_NAMES: Record<number, string> = { 2: 'consume', 5: 'error', 6: 'refund' };

export function csvCell(value: string | number | boolean): string {
  let text = String(value);
  // Text from the gateway (a model name, a request id) may start like a formula; our own numbers are numbers.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function usageCsv(entries: readonly UsageEntry[], display: DisplayUnit): string {
  const head = [
    'time_utc',
    'type',
    'model',
    'upstream_model',
    'protocol',
    'prompt_tokens',
    'completion_tokens',
    'cached_tokens',
    `cost_${display.unit}`,
    'first_token_ms',
    'duration_s',
    'stream',
    'source',
    'request_id',
  ];
  const lines = [head.map(csvCell).join(',')];
  for (const e of entries) {
    const cost = e.type === 6 ? -quotaToDisplay(e.quota, display) : quotaToDisplay(e.quota, display);
    lines.push(
      [
        new Date(e.time * 1000).toISOString(),
        TYPE_NAMES[e.type] ?? String(e.type),
        e.model,
        e.upstream,
        e.protocol,
        e.promptTokens,
        e.completionTokens,
        e.cachedTokens,
        cost,
        e.firstTokenMs < 0 ? '' : e.firstTokenMs,
        e.useTimeS,
        e.stream,
        e.vscodeChat ? 'vscode-chat' : 'other',
        e.id,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
