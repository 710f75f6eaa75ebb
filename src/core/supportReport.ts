/**
 * The text a person pastes to RutaAPI support, with exactly what the guide asks for: request time
 * (UTC), model name, error code, Base URL, request id(s), approximate request size and the key
 * prefix only. Never the key: the whole text goes through a Scrubber holding the key as a last guard.
 * Text from the network (error fields, request ids, content types, the model, the diagnosis that
 * quotes them) is data: every value is scrubbed, then made inert (core/inertText) and kept on its
 * own line, so a pasted report cannot carry escape sequences, bidi overrides or a stray `\r`.
 * The Base URL as entered is echoed without its query or fragment (core/inputEcho).
 * Pure TypeScript, no `vscode`.
 */
import { t } from './l10n';
import { inertText } from './inertText';
import { echoBaseUrlInput } from './inputEcho';
import { CHAT_TEST_MAX_TOKENS, CHAT_TEST_MESSAGE } from './constants';
import { Scrubber } from './scrub';
import { keyPrefix } from './apiKey';
import { urlCredentials, withoutCredentials } from './urlCredentials';
import type { StepResult, VerificationResult } from './types';

interface SupportReportContext {
  /** Editor name, e.g. "Visual Studio Code" or "Cursor" (vscode.env.appName). */
  appName?: string;
  /** Editor version (vscode.version). */
  appVersion?: string;
  /** This extension's version. */
  extensionVersion?: string;
  /** When the report is generated; defaults to now. */
  now?: Date;
  /** Extra values that must never appear (e.g. the raw key text as typed). */
  secrets?: Array<string | null | undefined>;
}

const MAX_MESSAGE_CHARS = 300;

function isoUtc(value: string | Date | undefined | null): string | undefined {
  if (value == null) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? (typeof value === 'string' && value ? value : undefined) : d.toISOString();
}

/** Bytes of the JSON body the chat step sends, when the step did not record it. */
export function estimateChatRequestBytes(model: string): number {
  const body = JSON.stringify({
    model,
    messages: [{ role: 'user', content: CHAT_TEST_MESSAGE }],
    max_tokens: CHAT_TEST_MAX_TOKENS,
  });
  return new TextEncoder().encode(body).length;
}

function stepLabel(step: StepResult): string {
  return step.name === 'models' ? 'GET /models' : 'POST /chat/completions';
}

function oneLine(text: string, max = MAX_MESSAGE_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The report's lines as they are written, with the one way a value is shown. */
interface ReportLines {
  lines: string[];
  /** One field value as shown: secrets removed first (in their raw form), then inert, on one line. */
  shown(value: string | number): string;
  /** `label: value`, left out when there is no value. */
  add(label: string, value: string | number | undefined | null): void;
}

function reportLines(scrubber: Scrubber): ReportLines {
  const lines: string[] = [];
  const shown = (value: string | number): string => inertText(scrubber.scrub(String(value)));
  const add = (label: string, value: string | number | undefined | null): void => {
    if (value === undefined || value === null || value === '') return;
    lines.push(`${label}: ${shown(value)}`);
  };
  return { lines, shown, add };
}

/** Holds the key, the extra secrets and the Base URL's credentials. */
function reportScrubber(result: VerificationResult, context: SupportReportContext): Scrubber {
  const scrubber = new Scrubber(keyPrefix);
  scrubber.add(result?.key?.cleaned ?? undefined);
  for (const s of context.secrets ?? []) scrubber.add(s ?? undefined);
  for (const c of urlCredentials(result?.baseUrl?.input ?? '')) scrubber.add(c);
  return scrubber;
}

function stepsOf(result: VerificationResult): StepResult[] {
  return Array.isArray(result?.steps) ? result.steps : [];
}

/** Bytes a step sent: as recorded, else the chat body's estimate, else none. */
function stepBytes(step: StepResult, model: string | undefined): number {
  if (typeof step.requestBytes === 'number') return step.requestBytes;
  return step.name === 'chat' && model ? estimateChatRequestBytes(model) : 0;
}

function addHeader({ lines, add }: ReportLines, result: VerificationResult, context: SupportReportContext): void {
  const none = t('(none)');
  const diagnosis = result?.diagnosis;
  lines.push(t('RutaAPI Connect support report'));
  lines.push(t('(Contains no API key. Only the key prefix is shown.)'));
  lines.push('');
  add(t('Request time (UTC)'), isoUtc(result?.startedAt) ?? none);
  add(t('Finished (UTC)'), isoUtc(result?.finishedAt));
  add(t('Report created (UTC)'), isoUtc(context.now ?? new Date()));
  add(t('Result'), result?.ok ? t('OK') : t('Failed'));
  add(t('Diagnosis'), diagnosis ? `${diagnosis.title} [${diagnosis.code}]` : none);
}

function addErrorCode({ add }: ReportLines, result: VerificationResult): void {
  const diagnosis = result?.diagnosis;
  const evidence = diagnosis?.evidence ?? {};
  const lastFailed = [...stepsOf(result)].reverse().find((s) => !s.ok);
  const status = evidence.status ?? lastFailed?.status ?? undefined;
  const codeParts: string[] = [diagnosis?.code ?? 'unknown'];
  if (status !== undefined && status !== null) codeParts.push(t('HTTP {0}', status));
  if (evidence.errorCode) codeParts.push(t('body code {0}', evidence.errorCode));
  if (evidence.errorType) codeParts.push(t('type {0}', evidence.errorType));
  if (evidence.networkCode) codeParts.push(t('network {0}', evidence.networkCode));
  add(t('Error code'), codeParts.join(', '));
  add(t('Model name'), result?.model || t('(none: only /models was checked)'));
}

function addBaseUrlAndKey({ add }: ReportLines, result: VerificationResult): void {
  const input = result?.baseUrl?.input ?? '';
  const normalized = result?.baseUrl?.normalized;
  add(t('Base URL'), normalized ?? t('(not usable)'));
  if (input && input !== normalized) {
    add(t('Base URL as entered'), echoBaseUrlInput(input, { quote: true }));
  }
  const urlFindings = result?.baseUrl?.findings ?? [];
  if (urlFindings.length > 0) add(t('Base URL findings'), urlFindings.map((f) => `${f.code} (${f.severity})`).join(', '));
  if (result?.baseUrl?.asEntered) add(t('Base URL mode'), t('used as entered'));

  add(t('API key prefix'), keyPrefix(result?.key?.cleaned) || t('(none)'));
  const keyFindings = result?.key?.findings ?? [];
  if (keyFindings.length > 0) add(t('API key findings'), keyFindings.map((f) => `${f.code} (${f.severity})`).join(', '));
  if (result?.key?.foreignPlatform) add(t('Key format looks like'), result.key.foreignPlatform);
}

/** Request ids and sizes. */
function addRequests({ add }: ReportLines, result: VerificationResult): void {
  const steps = stepsOf(result);
  const evidence = result?.diagnosis?.evidence ?? {};
  const ids = steps.map((s) => s.requestId).filter((id): id is string => !!id);
  if (evidence.requestId && !ids.includes(evidence.requestId)) ids.push(evidence.requestId);
  add(t('Request ID(s)'), ids.length > 0 ? ids.join(', ') : t('(none)'));
  let totalBytes = 0;
  for (const s of steps) totalBytes += stepBytes(s, result?.model);
  const hasChat = steps.some((s) => s.name === 'chat');
  add(
    t('Approximate request size'),
    totalBytes === 0 && !hasChat ? t('{0} bytes (GET /models sends no body)', 0) : t('{0} bytes', totalBytes),
  );
}

function addSteps({ lines, shown }: ReportLines, result: VerificationResult): void {
  const steps = stepsOf(result);
  if (steps.length === 0) return;
  lines.push('');
  lines.push(t('Steps:'));
  steps.forEach((s, i) => {
    const parts = [
      s.ok ? t('ok') : t('failed'),
      t('HTTP {0}', s.status ?? '-'),
      t('request id {0}', s.requestId ?? '-'),
      t('{0} ms', Math.round(s.latencyMs ?? 0)),
      t('code {0}', s.code),
    ];
    if (s.contentType) parts.push(t('content type {0}', s.contentType));
    if (typeof s.modelCount === 'number') parts.push(t('{0} models', s.modelCount));
    parts.push(t('~{0} bytes sent', stepBytes(s, result?.model)));
    lines.push(`  ${i + 1}. ${stepLabel(s)}: ${shown(parts.join(', '))}`);
  });
}

function addDetails({ lines, shown }: ReportLines, result: VerificationResult): void {
  const diagnosis = result?.diagnosis;
  const evidence = diagnosis?.evidence ?? {};
  const details: string[] = [];
  if (evidence.url) details.push(`${t('URL')}: ${withoutCredentials(evidence.url)}`);
  if (evidence.location) details.push(`${t('Redirects to')}: ${withoutCredentials(evidence.location)}`);
  if (evidence.retryAfterSeconds !== undefined) details.push(`${t('Retry-After')}: ${evidence.retryAfterSeconds} s`);
  if (evidence.contentType) details.push(`${t('Content type')}: ${evidence.contentType}`);
  // Scrub before the cut: a cut through a secret would leave part of it that no scrubber knows.
  if (evidence.errorMessage) details.push(`${t('Error message')}: ${oneLine(shown(evidence.errorMessage))}`);
  if (diagnosis?.detail) details.push(`${t('Detail')}: ${oneLine(shown(diagnosis.detail), 500)}`);
  if (details.length > 0) {
    lines.push('');
    lines.push(...details.map(shown));
  }
}

function addEditor({ lines, add }: ReportLines, context: SupportReportContext): void {
  lines.push('');
  const editor = [context.appName, context.appVersion].filter(Boolean).join(' ');
  add(t('Editor'), editor || t('unknown'));
  add(t('RutaAPI Connect version'), context.extensionVersion || t('unknown'));
}

/** Builds the plain-text support report. Never contains the API key. */
export function buildSupportReport(result: VerificationResult, context: SupportReportContext = {}): string {
  const scrubber = reportScrubber(result, context);
  const report = reportLines(scrubber);
  addHeader(report, result, context);
  addErrorCode(report, result);
  addBaseUrlAndKey(report, result);
  addRequests(report, result);
  addSteps(report, result);
  addDetails(report, result);
  addEditor(report, context);
  return scrubber.scrub(report.lines.join('\n')) + '\n';
}
