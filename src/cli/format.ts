// Output of the terminal doctor: the --json contract and the human checklist. Pure functions.
import type { Diagnosis, DiagnosisCode, FixKind, Severity, StepName, VerificationResult } from '../core/types';
import { t } from '../core/l10n';

/** The public --json contract (README, "Terminal doctor"). */
export interface DoctorJson {
  ok: boolean;
  diagnosis: { code: DiagnosisCode; title: string; detail: string; fixes: Array<{ kind: FixKind; label: string; value?: string }> };
  baseUrl: { input: string; normalized: string | null; findings: Array<{ code: string; severity: Severity }> };
  key: { redacted: string; findings: Array<{ code: string; severity: Severity }> };
  steps: Array<{ name: StepName; ok: boolean; status: number | null; requestId: string | null; latencyMs: number; code: DiagnosisCode }>;
  models: string[];
}

export function toJson(result: VerificationResult): DoctorJson {
  return {
    ok: result.ok,
    diagnosis: {
      code: result.diagnosis.code,
      title: result.diagnosis.title,
      detail: result.diagnosis.detail,
      fixes: result.diagnosis.fixes.map((f) => (f.value === undefined ? { kind: f.kind, label: f.label } : { kind: f.kind, label: f.label, value: f.value })),
    },
    baseUrl: {
      input: result.baseUrl.input,
      normalized: result.baseUrl.normalized,
      findings: result.baseUrl.findings.map((f) => ({ code: f.code, severity: f.severity })),
    },
    key: {
      redacted: result.key.redacted,
      findings: result.key.findings.map((f) => ({ code: f.code, severity: f.severity })),
    },
    steps: result.steps.map((s) => ({ name: s.name, ok: s.ok, status: s.status, requestId: s.requestId, latencyMs: s.latencyMs, code: s.code })),
    models: [...result.models],
  };
}

export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const PLAIN: Style = { ok: (s) => s, bad: (s) => s, warn: (s) => s, dim: (s) => s, bold: (s) => s };
export const COLOR: Style = {
  ok: (s) => `\x1b[32m${s}\x1b[39m`,
  bad: (s) => `\x1b[31m${s}\x1b[39m`,
  warn: (s) => `\x1b[33m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
};

const MAX_LISTED_MODELS = 100;

const STEP_LABEL: Record<StepName, string> = {
  models: 'GET  /models',
  chat: 'POST /chat/completions',
};

/** Shown in the status column when no HTTP answer arrived (timeout, DNS, reset…). */
const NO_STATUS = '—';
/** Width of the status column: a three-digit HTTP status. */
const STATUS_WIDTH = 3;

/**
 * The fix labelled "Open proxy settings (http.proxy, …)" is VS Code advice; in a terminal, Node's
 * fetch ignores those settings, so say what applies there. Human output only (--json unchanged).
 */
function terminalNetworkHint(d: Diagnosis): string | undefined {
  if (d.code === 'tls_error') return t('In a terminal: point Node at your corporate root certificate with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.');
  return t('In a terminal: Node\'s built-in fetch does not use HTTPS_PROXY; run the doctor where the API host is reachable directly, or check from VS Code, which uses its proxy settings.');
}

function mark(severity: Severity, style: Style): string {
  return severity === 'error' ? style.bad('✗') : severity === 'warning' ? style.warn('!') : style.dim('i');
}

export function renderHuman(result: VerificationResult, options: { model?: string; style?: Style } = {}): string {
  const style = options.style ?? PLAIN;
  const out: string[] = [];
  const d = result.diagnosis;
  out.push(style.bold(t('RutaAPI doctor')));
  out.push(`  ${t('Base URL')}  ${result.baseUrl.normalized ?? result.baseUrl.input}`);
  out.push(`  ${t('API key')}   ${result.key.redacted || '—'}`);
  if (options.model) out.push(`  ${t('Model')}     ${options.model}`);
  out.push('');

  const findings = [
    ...result.baseUrl.findings.map((f) => ({ where: t('Base URL'), ...f })),
    ...result.key.findings.map((f) => ({ where: t('API key'), ...f })),
  ];
  if (findings.length > 0) {
    for (const f of findings) out.push(`  ${mark(f.severity, style)} ${f.where}: ${f.message} ${style.dim(`[${f.code}]`)}`);
    out.push('');
  }

  const ran = new Set(result.steps.map((s) => s.name));
  if (result.steps.length === 0 && !result.ok) {
    out.push(`  ${style.bad('✗')} ${t('Checked before sending anything: no request was made')}`);
  }
  for (const step of result.steps) {
    const parts = [step.ok ? style.ok('✓') : style.bad('✗'), STEP_LABEL[step.name].padEnd(24)];
    parts.push((step.status === null ? NO_STATUS : String(step.status)).padEnd(STATUS_WIDTH));
    parts.push(`${step.latencyMs} ms`.padStart(8));
    if (step.requestId) parts.push(style.dim(step.requestId));
    if (step.ok && step.name === 'models' && step.modelCount !== undefined) parts.push(t('{0} models', step.modelCount));
    if (step.ok && step.name === 'chat') parts.push(step.replyExcerpt ? `"${step.replyExcerpt}"` : t('(empty reply)'));
    if (!step.ok) parts.push(style.dim(step.code));
    out.push(`  ${parts.join('  ')}`);
  }
  const wantsChat = !!options.model;
  if (wantsChat && !ran.has('chat') && result.steps.length > 0) out.push(`  ${style.dim('–')}  ${STEP_LABEL.chat.padEnd(24)}  ${style.dim(t('not run'))}`);
  out.push('');

  if (result.ok) {
    out.push(`${style.ok('✓')} ${style.bold(d.title)}`);
    out.push(`  ${d.detail}`);
  } else {
    out.push(`${style.bad('✗')} ${style.bold(d.title)}`);
    out.push(`  ${t('Cause')}: ${d.detail}`);
    if (d.fixes.length > 0) {
      out.push(`  ${t('Fix')}:`);
      for (const f of d.fixes) {
        const showValue = f.value !== undefined && !f.label.includes(f.value) && f.kind !== 'retry_after';
        out.push(`    → ${f.label}${showValue ? `: ${f.value}` : ''}`);
        const hint = f.kind === 'open_proxy_settings' ? terminalNetworkHint(d) : undefined;
        if (hint) out.push(`      ${style.dim(hint)}`);
      }
    }
    const e = d.evidence;
    const evidence: string[] = [];
    if (e.status !== undefined) evidence.push(`HTTP ${e.status}`);
    if (e.requestId) evidence.push(`${t('request id')} ${e.requestId}`);
    if (e.errorCode || e.errorType) evidence.push(`${t('error')} ${[e.errorCode, e.errorType].filter(Boolean).join(' / ')}`);
    if (e.retryAfterSeconds !== undefined) evidence.push(`Retry-After ${e.retryAfterSeconds} s`);
    if (e.location) evidence.push(`Location ${e.location}`);
    if (e.networkCode) evidence.push(e.networkCode);
    if (e.url) evidence.push(e.url);
    if (evidence.length > 0) out.push(`  ${style.dim(`${t('Evidence')}: ${evidence.join(' · ')}`)}`);
    // Without an HTTP status the message is a local/network error (e.g. ENOTFOUND), not server text;
    // a server message the cause already quotes ("The server says: …") is not repeated.
    if (e.errorMessage && !d.detail.includes(e.errorMessage)) {
      out.push(`  ${style.dim(`${e.status === undefined ? t('Error') : t('Server message')}: ${e.errorMessage}`)}`);
    }
  }

  if (result.models.length > 0 && !options.model) {
    out.push('');
    out.push(t('Models returned by /models ({0}):', result.models.length));
    for (const id of result.models.slice(0, MAX_LISTED_MODELS)) out.push(`  ${id}`);
    if (result.models.length > MAX_LISTED_MODELS) out.push(`  ${t('… and {0} more (use --json for the full list)', result.models.length - MAX_LISTED_MODELS)}`);
    out.push('');
    out.push(t('Copy one of these ids (do not guess) and pass it with --model to send a test request:'));
    out.push(`  npm run doctor -- check --base-url ${result.baseUrl.normalized ?? ''} --model ${result.models[0]}`);
  }
  return `${out.join('\n')}\n`;
}
