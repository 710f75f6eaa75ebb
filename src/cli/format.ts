// Output of the terminal doctor: the --json contract and the human checklist. Pure functions.
// Text from the network (model ids, error fields, request ids, the reply, an HTML title, and the
// diagnosis/finding texts that quote them) is data: the checklist shows every such string through
// inertForTerminal, and the --json text carries no raw C1, DEL, bidi or zero-width character.
import type { Diagnosis, DiagnosisCode, FixKind, Severity, StepName, VerificationResult } from '../core/types';
import type { AccountFigures, DashboardLinks } from '../core/gatewayAccount/types';
import { t } from '../core/l10n';
import { hasInvisible, inertForTerminal, shellQuote } from '../core/inertText';
import { echoBaseUrlInput } from '../core/inputEcho';
import { formatAmount } from '../core/gatewayAccount/amount';

/** Shorthand: every string that is not our own fixed text goes through this before it is printed. */
const inert = (text: unknown): string => inertForTerminal(text);

/** The public --json contract (docs/DOCTOR-JSON.md). */
interface DoctorJson {
  ok: boolean;
  diagnosis: { code: DiagnosisCode; title: string; detail: string; fixes: Array<{ kind: FixKind; label: string; value?: string }> };
  /** `input`: as entered, without credentials, ?query or #fragment, plus "(query removed)" & co. when cut (core/inputEcho). */
  baseUrl: { input: string; normalized: string | null; findings: Array<{ code: string; severity: Severity }> };
  key: { redacted: string; findings: Array<{ code: string; severity: Severity }> };
  steps: Array<{ name: StepName; ok: boolean; status: number | null; requestId: string | null; latencyMs: number; code: DiagnosisCode }>;
  models: string[];
  /** The gateway's dashboard pages, or null when it has none (a gateway that is not new-api). */
  dashboard: DashboardLinks | null;
  /** The key's figures in the site's display unit, or null when they could not be read. */
  account: Omit<AccountFigures, 'readAt'> | null;
}

export function toJson(result: VerificationResult): DoctorJson {
  return {
    ok: result.ok,
    diagnosis: {
      code: result.diagnosis.code,
      title: result.diagnosis.title,
      detail: result.diagnosis.detail,
      fixes: result.diagnosis.fixes.map((f) =>
        f.value === undefined ? { kind: f.kind, label: f.label } : { kind: f.kind, label: f.label, value: f.value },
      ),
    },
    baseUrl: {
      input: echoBaseUrlInput(result.baseUrl.input),
      normalized: result.baseUrl.normalized,
      findings: result.baseUrl.findings.map((f) => ({ code: f.code, severity: f.severity })),
    },
    key: {
      redacted: result.key.redacted,
      findings: result.key.findings.map((f) => ({ code: f.code, severity: f.severity })),
    },
    steps: result.steps.map((s) => ({
      name: s.name,
      ok: s.ok,
      status: s.status,
      requestId: s.requestId,
      latencyMs: s.latencyMs,
      code: s.code,
    })),
    models: [...result.models],
    dashboard: result.dashboard
      ? { theme: result.dashboard.theme, keys: result.dashboard.keys, topUp: result.dashboard.topUp, usage: result.dashboard.usage }
      : null,
    account: result.account ? accountJson(result.account) : null,
  };
}

function accountJson(a: AccountFigures): NonNullable<DoctorJson['account']> {
  return {
    keyName: a.keyName,
    unlimited: a.unlimited,
    granted: a.granted,
    used: a.used,
    available: a.available,
    unit: a.unit,
    expiresAt: a.expiresAt,
    models: a.models ? [...a.models] : null,
  };
}

/** The most model ids the checklist names (the editor names 5 too); `--json` has the whole list. */
const SHOWN_MODEL_LIMITS = 5;

function modelLimitLine(models: readonly string[]): string {
  if (models.length === 0) return t('Key limited to: {0}', t('(no models)'));
  const shown = models
    .slice(0, SHOWN_MODEL_LIMITS)
    .map((m) => inert(m))
    .join(', ');
  return models.length > SHOWN_MODEL_LIMITS
    ? t('Key limited to: {0} and {1} more', shown, models.length - SHOWN_MODEL_LIMITS)
    : t('Key limited to: {0}', shown);
}

/** The checklist's balance line(s) for the key's figures. */
export function balanceLines(a: AccountFigures): string[] {
  const lines: string[] = [];
  if (a.unlimited) {
    lines.push(a.used !== null ? t('Balance: unlimited key, {0} used', formatAmount(a.used, a.unit)) : t('Balance: unlimited key'));
  } else if (a.available !== null && a.granted !== null) {
    lines.push(
      a.used !== null
        ? t(
            'Balance: {0} left of {1} ({2} used)',
            formatAmount(a.available, a.unit),
            formatAmount(a.granted, a.unit),
            formatAmount(a.used, a.unit),
          )
        : t('Balance: {0} left of {1}', formatAmount(a.available, a.unit), formatAmount(a.granted, a.unit)),
    );
  } else if (a.available !== null) {
    lines.push(t('Balance: {0} left', formatAmount(a.available, a.unit)));
  } else if (a.used !== null) {
    lines.push(t('Balance: {0} used', formatAmount(a.used, a.unit)));
  } else {
    // The gateway's figures were not finite, negative or absurd (core/gatewayAccount: saneAmount).
    lines.push(t('Balance: unknown'));
  }
  if (a.expiresAt) lines.push(t('Key expires: {0} (UTC)', a.expiresAt.slice(0, 10)));
  if (a.keyName) lines.push(t('Key name: {0}', inert(a.keyName)));
  if (a.models) lines.push(modelLimitLine(a.models));
  return lines;
}

/**
 * The --json text. JSON.stringify escapes C0 controls but leaves DEL, C1 (CSI U+009B), bidi
 * overrides and zero-width characters raw; those become \uXXXX escapes here. Outside strings JSON
 * only has ASCII, so this changes bytes, never the parsed values.
 */
export function renderJson(result: VerificationResult): string {
  return escapeJsonInvisibles(JSON.stringify(toJson(result), null, 2));
}

/** JSON text with every character `inertText` would change written as a \u escape (the newlines between tokens stay). */
export function escapeJsonInvisibles(json: string): string {
  return json.replace(/[^\x20-\x7e\n]/g, (c) => (hasInvisible(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
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
  if (d.code === 'tls_error')
    return t('In a terminal: point Node at your corporate root certificate with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.');
  return t(
    "In a terminal: Node's built-in fetch does not use HTTPS_PROXY; run the doctor where the API host is reachable directly, or check from VS Code, which uses its proxy settings.",
  );
}

function mark(severity: Severity, style: Style): string {
  return severity === 'error' ? style.bad('✗') : severity === 'warning' ? style.warn('!') : style.dim('i');
}

type HumanOptions = { model?: string; style?: Style };

function headerLines(result: VerificationResult, options: HumanOptions, style: Style): string[] {
  const out = [style.bold(t('RutaAPI doctor'))];
  // The input may carry a secret in ?query or #fragment: echoed without them (normalized has none).
  out.push(`  ${t('Base URL')}  ${inert(echoBaseUrlInput(result.baseUrl.normalized ?? result.baseUrl.input))}`);
  out.push(`  ${t('API key')}   ${inert(result.key.redacted) || '—'}`);
  if (options.model) out.push(`  ${t('Model')}     ${inert(options.model)}`);
  out.push('');
  return out;
}

function findingLines(result: VerificationResult, style: Style): string[] {
  const findings = [
    ...result.baseUrl.findings.map((f) => ({ where: t('Base URL'), ...f })),
    ...result.key.findings.map((f) => ({ where: t('API key'), ...f })),
  ];
  if (findings.length === 0) return [];
  const out = findings.map((f) => `  ${mark(f.severity, style)} ${f.where}: ${inert(f.message)} ${style.dim(`[${inert(f.code)}]`)}`);
  out.push('');
  return out;
}

function stepLine(step: VerificationResult['steps'][number], style: Style): string {
  const parts = [step.ok ? style.ok('✓') : style.bad('✗'), STEP_LABEL[step.name].padEnd(24)];
  parts.push((step.status === null ? NO_STATUS : String(step.status)).padEnd(STATUS_WIDTH));
  parts.push(`${step.latencyMs} ms`.padStart(8));
  if (step.requestId) parts.push(style.dim(inert(step.requestId)));
  if (step.ok && step.name === 'models' && step.modelCount !== undefined) parts.push(t('{0} models', step.modelCount));
  if (step.ok && step.name === 'chat') parts.push(step.replyExcerpt ? `"${inert(step.replyExcerpt)}"` : t('(empty reply)'));
  if (!step.ok) parts.push(style.dim(inert(step.code)));
  return `  ${parts.join('  ')}`;
}

function stepLines(result: VerificationResult, options: HumanOptions, style: Style): string[] {
  const out: string[] = [];
  const ran = new Set(result.steps.map((s) => s.name));
  if (result.steps.length === 0 && !result.ok) {
    out.push(`  ${style.bad('✗')} ${t('Checked before sending anything: no request was made')}`);
  }
  for (const step of result.steps) out.push(stepLine(step, style));
  const wantsChat = !!options.model;
  if (wantsChat && !ran.has('chat') && result.steps.length > 0)
    out.push(`  ${style.dim('–')}  ${STEP_LABEL.chat.padEnd(24)}  ${style.dim(t('not run'))}`);
  out.push('');
  return out;
}

function fixLines(d: Diagnosis, style: Style): string[] {
  if (d.fixes.length === 0) return [];
  const out = [`  ${t('Fix')}:`];
  for (const f of d.fixes) {
    const showValue = f.value !== undefined && !f.label.includes(f.value) && f.kind !== 'retry_after';
    out.push(`    → ${inert(f.label)}${showValue ? `: ${inert(f.value)}` : ''}`);
    const hint = f.kind === 'open_proxy_settings' ? terminalNetworkHint(d) : undefined;
    if (hint) out.push(`      ${style.dim(hint)}`);
  }
  return out;
}

function evidenceLines(d: Diagnosis, style: Style): string[] {
  const out: string[] = [];
  const e = d.evidence;
  const evidence: string[] = [];
  if (e.status !== undefined) evidence.push(`HTTP ${e.status}`);
  if (e.requestId) evidence.push(`${t('request id')} ${inert(e.requestId)}`);
  if (e.errorCode || e.errorType) evidence.push(`${t('error')} ${[e.errorCode, e.errorType].filter(Boolean).map(inert).join(' / ')}`);
  if (e.retryAfterSeconds !== undefined) evidence.push(`Retry-After ${inert(e.retryAfterSeconds)} s`);
  if (e.location) evidence.push(`Location ${inert(e.location)}`);
  if (e.networkCode) evidence.push(inert(e.networkCode));
  if (e.url) evidence.push(inert(e.url));
  if (evidence.length > 0) out.push(`  ${style.dim(`${t('Evidence')}: ${evidence.join(' · ')}`)}`);
  // Without an HTTP status the message is a local/network error (e.g. ENOTFOUND), not server text;
  // a server message the cause already quotes ("The server says: …") is not repeated.
  if (e.errorMessage && !d.detail.includes(e.errorMessage)) {
    out.push(`  ${style.dim(`${e.status === undefined ? t('Error') : t('Server message')}: ${inert(e.errorMessage)}`)}`);
  }
  return out;
}

function verdictLines(result: VerificationResult, style: Style): string[] {
  const d = result.diagnosis;
  const out: string[] = [];
  if (result.ok) {
    out.push(`${style.ok('✓')} ${style.bold(inert(d.title))}`);
    out.push(`  ${inert(d.detail)}`);
  } else {
    out.push(`${style.bad('✗')} ${style.bold(inert(d.title))}`);
    out.push(`  ${t('Cause')}: ${inert(d.detail)}`);
    out.push(...fixLines(d, style), ...evidenceLines(d, style));
  }
  if (result.account) for (const line of balanceLines(result.account)) out.push(`  ${line}`);
  return out;
}

function modelListLines(result: VerificationResult, options: HumanOptions): string[] {
  if (result.models.length === 0 || options.model) return [];
  const out = [''];
  out.push(t('Models returned by /models ({0}):', result.models.length));
  for (const id of result.models.slice(0, MAX_LISTED_MODELS)) out.push(`  ${inert(id)}`);
  if (result.models.length > MAX_LISTED_MODELS)
    out.push(`  ${t('… and {0} more (use --json for the full list)', result.models.length - MAX_LISTED_MODELS)}`);
  out.push('');
  out.push(t('Copy one of these ids (do not guess) and pass it with --model to send a test request:'));
  const example = exampleCommand(result);
  if (example) out.push(`  ${example}`);
  return out;
}

export function renderHuman(result: VerificationResult, options: HumanOptions = {}): string {
  const style = options.style ?? PLAIN;
  const out = [
    ...headerLines(result, options, style),
    ...findingLines(result, style),
    ...stepLines(result, options, style),
    ...verdictLines(result, style),
    ...modelListLines(result, options),
  ];
  return `${out.join('\n')}\n`;
}

/**
 * The command line the checklist suggests copying: every word that came from input or the network
 * is shell-quoted, so a model id such as `gpt-4o; curl … | sh #` stays one argument. Ids that
 * cannot be one safe word (control or invisible characters) are skipped; with none left, or no
 * usable Base URL, there is no line.
 */
function exampleCommand(result: VerificationResult): string | undefined {
  const baseUrl = result.baseUrl.normalized ? shellQuote(result.baseUrl.normalized) : undefined;
  if (!baseUrl) return undefined;
  for (const id of result.models) {
    const model = typeof id === 'string' && id.trim() !== '' ? shellQuote(id) : undefined;
    if (model) return `npm run doctor -- check --base-url ${baseUrl} --model ${model}`;
  }
  return undefined;
}
