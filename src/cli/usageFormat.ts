// Output of `doctor usage`: the --json contract (docs/DOCTOR-JSON.md, "doctor usage") and the
// human report (totals, a by-model table, what the numbers cover). Model names come from the
// gateway: shown through inertForTerminal, and the JSON text carries no raw invisible character.
import { redactKey } from '../core/apiKey';
import { formatAmount } from '../core/gatewayAccount/amount';
import { inertForTerminal } from '../core/inertText';
import { t } from '../core/l10n';
import type { UsageLogRead } from '../core/usage/readLog';
import type { UsageReport } from '../core/usage/report';
import { escapeJsonInvisibles, type Style } from './format';

const inert = (text: unknown): string => inertForTerminal(text);

/** `common.MaxRecentItems`: the most rows one answer holds. */
const ANSWER_CAP = 1000;
/** The widest model column; longer names are cut with an ellipsis. */
const MODEL_WIDTH = 36;

export interface UsageOutcome {
  read: UsageLogRead;
  report: UsageReport;
  nowS: number;
  /** --since was given (the period starts on `report.from`, not at the oldest record). */
  since: boolean;
}

/** What the human report shows besides the report itself. */
interface ShownUsage {
  report: UsageReport;
  baseUrl: string;
  keyRedacted: string;
  /** Why the records could not be read (and when to retry); undefined when they were. */
  problem?: string;
  notes: string[];
}

export function renderUsageJson(report: UsageReport): string {
  return escapeJsonInvisibles(JSON.stringify(report, null, 2));
}

function retryText(retryAt: number, nowS: number): string {
  const minutes = Math.max(1, Math.round((retryAt - nowS * 1000) / 60_000));
  return t('Try again after {0} UTC (in about {1} min).', new Date(retryAt).toISOString().slice(11, 16), minutes);
}

function problemOf(read: UsageLogRead, nowS: number): string | undefined {
  switch (read.kind) {
    case 'unauthorized':
      return t(
        'The gateway refused this key (HTTP 401): it does not know it. Spent, expired and disabled keys can still read their records, so check the key itself: npm run doctor -- check',
      );
    case 'rate_limited':
      return `${t("The gateway's limit for these records is used up (HTTP 429: 20 requests per 20 minutes from this IP address, shared with the key's balance check).")} ${retryText(read.retryAt, nowS)}`;
    case 'failed':
      return read.reason === 'timeout'
        ? t('The gateway did not send the records in time. Try again, or give more time with --timeout.')
        : read.reason === 'cancelled'
          ? t('Cancelled.')
          : read.reason === 'network'
            ? t('The records could not be read: the gateway could not be reached or answered with a server error.')
            : t('The records could not be read: the gateway sent an answer that is not a list of records.');
    default:
      return undefined;
  }
}

function notesOf(o: UsageOutcome): string[] {
  const { read, report } = o;
  if (read.kind === 'not_new_api')
    return [t('This gateway keeps no request records a key can read (it is not new-api), so there is nothing to add up.')];
  if (read.kind === 'unavailable')
    return [
      t(
        'This gateway does not let a key read its request records (GET /api/log/token is missing or turned off), so there is nothing to add up.',
      ),
    ];
  if (read.kind !== 'ok') return [];
  const notes: string[] = [];
  if (read.entries.length === 0)
    notes.push(t('The gateway sent no records for this key: no requests yet, or the operator turned request logging off.'));
  else if (report.rows === 0) notes.push(t('No records in this period.'));
  const oldest = read.entries[read.entries.length - 1];
  if (oldest && read.entries.length + read.dropped >= ANSWER_CAP) {
    const start = new Date(oldest.time * 1000).toISOString().slice(0, 10);
    if (!o.since || report.from === null || start > report.from)
      notes.push(t('The gateway sends only the newest {0} records of a key: these start on {1}.', ANSWER_CAP, start));
  }
  if (read.dropped > 0) notes.push(t('{0} records did not have the expected shape and were left out.', read.dropped));
  if (report.rows > 0 && report.totals.errors === 0)
    notes.push(t('No failed requests are listed: new-api records them only when the operator turns on ERROR_LOG_ENABLED.'));
  return notes;
}

export function usageOutcome(o: UsageOutcome, baseUrl: string, key: string): ShownUsage {
  return { report: o.report, baseUrl, keyRedacted: redactKey(key), problem: problemOf(o.read, o.nowS), notes: notesOf(o) };
}

const count = (n: number): string => n.toLocaleString('en-US');
const ms = (v: number | null): string => (v === null ? '—' : `${count(Math.round(v))} ms`);

function cell(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text + ' '.repeat(width - chars.length);
}

function modelTable(report: UsageReport): string[] {
  const width = Math.min(MODEL_WIDTH, Math.max(5, ...report.byModel.map((m) => Array.from(inert(m.model)).length)));
  const head = [cell(t('Model'), width), t('Requests').padStart(9), t('Prompt').padStart(12), t('Completion').padStart(12)];
  head.push(t('Cached').padStart(12), t('Cost').padStart(16), t('First token p50 / p95').padStart(22));
  const out = [`  ${head.join('  ')}`];
  for (const m of report.byModel) {
    const row = [cell(inert(m.model), width), count(m.requests).padStart(9), count(m.promptTokens).padStart(12)];
    row.push(count(m.completionTokens).padStart(12), count(m.cachedTokens).padStart(12), formatAmount(m.cost, report.unit).padStart(16));
    row.push(`${ms(m.firstTokenMsP50)} / ${ms(m.firstTokenMsP95)}`.padStart(22));
    out.push(`  ${row.join('  ')}`);
  }
  return out;
}

function totalLines(report: UsageReport, style: Style): string[] {
  const s = report.totals;
  return [
    `${style.bold(t('Spent: {0}', formatAmount(s.cost, report.unit)))}  ${style.dim(t('(net of refunds)'))}`,
    `  ${t('Requests')}    ${count(s.requests)}`,
    `  ${t('Tokens')}      ${t('{0} prompt ({1} cached), {2} completion', count(s.promptTokens), count(s.cachedTokens), count(s.completionTokens))}`,
    `  ${t('Errors')}      ${count(s.errors)}    ${t('Refunds')}  ${count(s.refunds)}`,
  ];
}

export function renderUsageHuman(shown: ShownUsage, style: Style): string {
  const r = shown.report;
  const period = r.from === null ? t('every record the gateway sent') : `${r.from} → ${r.to} (UTC)`;
  const out = [
    style.bold(t('RutaAPI doctor: usage')),
    `  ${t('Base URL')}  ${inert(shown.baseUrl)}`,
    `  ${t('API key')}   ${inert(shown.keyRedacted) || '—'}`,
    `  ${t('Period')}    ${period}`,
    '',
  ];
  if (shown.problem !== undefined) {
    out.push(`${style.bad('✗')} ${style.bold(inert(shown.problem))}`);
    return `${out.join('\n')}\n`;
  }
  out.push(...totalLines(r, style));
  if (r.byModel.length > 0) out.push('', t('By model (highest cost first):'), ...modelTable(r));
  if (shown.notes.length > 0) out.push('', ...shown.notes.map((n) => `  ${style.dim(`i ${n}`)}`));
  return `${out.join('\n')}\n`;
}
