/**
 * The Cursor check end to end, after the read: the findings on Cursor's settings, and, with a
 * usable key, the engine's own verification (GET /models, then one chat request with Cursor's
 * first enabled model that the key lists), so a spent or wrong key is named exactly as in the
 * panel. Cursor's own key is sent only where Cursor itself sends it (or to the API root a RutaAPI
 * website or dashboard URL in Cursor stands for), never to another origin, and only when the
 * caller's `allowCursorKey` agrees (the editor's key gate). Never throws.
 *
 * The engine is passed in (`verify`): the doctor hands it its own import, the editor the one in
 * dist/gateway.js, so dist/cursor.js (which exports this) carries no copy of the engine.
 */
import { t } from '../l10n';
import { analyzeApiKey } from '../apiKey';
import { analyzeBaseUrl } from '../baseUrl';
import type { ModelEndpoints } from '../modelProtocols';
import type { VerificationResult, VerifyOptions } from '../types';
import { diagnoseCursor } from './diagnose';
import type { CursorFinding, CursorRead, CursorSettings } from './types';

/** Why Cursor's own key was not sent: Cursor sends it to another origin, or `allowCursorKey` said no. */
export type NotSentReason = 'elsewhere' | 'refused';

export interface CursorCheckOptions {
  read: CursorRead;
  /** Where the key and models are checked (the doctor's --base-url, the editor's rutaapi.baseUrl). */
  baseUrl: string;
  /** The engine (core/verify.ts's verify). */
  verify(options: VerifyOptions): Promise<VerificationResult>;
  /** The key the user gave, raw: verified and compared; without it Cursor's own plain-text key is used where allowed. */
  givenKey?: string;
  /** The key saved in the editor, raw: only compared with Cursor's by hash, never sent (givenKey wins). */
  compareKey?: string;
  /**
   * Asked before Cursor's own key goes to `origin` (already known to be where Cursor sends it).
   * Absent: allowed (the doctor, run by the person for that URL).
   */
  allowCursorKey?(origin: string, key: string): Promise<boolean>;
  /** The note when Cursor's key was not sent to `baseUrl` (the doctor's wording by default). */
  notSentDetail?(baseUrl: string, why: NotSentReason): string;
  /** The editor and its version, named when Cursor's settings have a shape the reader does not know (see diagnose.ts). */
  editor?: string;
  /** The Base URL's model ids when no key could be used here (the editor's cache), for the model checks. */
  knownModels?: readonly string[];
  /** What each of `knownModels` serves, as the cache has it. */
  knownEndpoints?: ModelEndpoints;
  /** The editor's saved model, preferred as the model to add when the list has it (see modelFindings.ts). */
  savedModel?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
}

export interface CursorCheck {
  ok: boolean;
  findings: CursorFinding[];
  /** The key's /v1/models ids, when a key was usable. */
  models: string[];
}

function originOf(url: string | null | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether Cursor's key may go to `target`: the origin Cursor uses, or the one its RutaAPI mistake stands for. */
function cursorKeyMayGo(settings: CursorSettings, target: string): boolean {
  const goal = originOf(analyzeBaseUrl(target).normalized);
  if (!goal || settings.baseUrl === undefined) return false;
  const analysis = analyzeBaseUrl(settings.baseUrl);
  const origins = [analysis.normalized, ...analysis.findings.filter((f) => f.code !== 'foreign_provider').map((f) => f.suggestedUrl)];
  return origins.some((u) => originOf(u) === goal);
}

function failure(result: VerificationResult): CursorFinding {
  const d = result.diagnosis;
  const fix = d.fixes.find((f) => f.value !== undefined && (f.kind === 'use_url' || f.kind === 'pick_model'))?.value;
  return fix
    ? { code: d.code, severity: 'error', detail: `${d.title}. ${d.detail}`, fix }
    : { code: d.code, severity: 'error', detail: `${d.title}. ${d.detail}` };
}

const doctorNotSent = (baseUrl: string): string =>
  t(
    "Cursor's key was not sent to {0}: Cursor sends it elsewhere. To check it there, give it with RUTAAPI_API_KEY or --key-stdin.",
    baseUrl,
  );

/** The key to verify with: the one given, else Cursor's own when it is a key and may go to `target`. */
async function keyToUse(settings: CursorSettings, options: CursorCheckOptions): Promise<{ key?: string; note?: CursorFinding }> {
  if (options.givenKey !== undefined) return { key: options.givenKey };
  const own = settings.plainKey !== undefined ? analyzeApiKey(settings.plainKey) : undefined;
  if (!own?.cleaned || own.foreignPlatform) return {};
  let why: NotSentReason = 'elsewhere';
  if (cursorKeyMayGo(settings, options.baseUrl)) {
    const origin = originOf(analyzeBaseUrl(options.baseUrl).normalized);
    let allowed: boolean;
    try {
      allowed = origin !== undefined && (options.allowCursorKey ? await options.allowCursorKey(origin, own.cleaned) : true);
    } catch {
      allowed = false;
    }
    if (allowed) return { key: own.cleaned };
    why = 'refused';
  }
  const detail = options.notSentDetail ? options.notSentDetail(options.baseUrl, why) : doctorNotSent(options.baseUrl);
  return { note: { code: 'cursor_key_not_sent', severity: 'info', detail } };
}

async function verifyKey(
  key: string,
  settings: CursorSettings,
  options: CursorCheckOptions,
): Promise<{ models?: string[]; endpoints?: ModelEndpoints; failed?: CursorFinding }> {
  const common = { apiKey: key, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, signal: options.signal, fetch: options.fetch };
  const listed = await options.verify(common);
  if (!listed.ok) return { failed: failure(listed) };
  const found = { models: listed.models, endpoints: listed.modelEndpoints };
  const model = settings.models.find((id) => settings.enabledModels.includes(id) && listed.models.includes(id));
  if (!model) return found;
  const chat = await options.verify({ ...common, model, chatOnly: true, knownModels: listed.models });
  return chat.ok ? found : { ...found, failed: failure(chat) };
}

export async function checkCursor(options: CursorCheckOptions): Promise<CursorCheck> {
  const { read } = options;
  const compared = options.givenKey ?? options.compareKey;
  const given = compared !== undefined ? (analyzeApiKey(compared).cleaned ?? undefined) : undefined;
  if (read.status !== 'ok') {
    const findings = diagnoseCursor({ read, expectedBaseUrl: options.baseUrl, givenKey: given, editor: options.editor });
    return { ok: false, findings, models: [] };
  }
  const { key, note } = await keyToUse(read.settings, options);
  const verified = key !== undefined ? await verifyKey(key, read.settings, options) : {};
  const models = verified.models ?? options.knownModels;
  const modelEndpoints = verified.models ? verified.endpoints : options.knownEndpoints;
  const findings = diagnoseCursor({
    read,
    expectedBaseUrl: options.baseUrl,
    givenKey: given,
    models,
    modelEndpoints,
    savedModel: options.savedModel,
    editor: options.editor,
  });
  if (verified.failed) findings.push(verified.failed);
  if (note) findings.push(note);
  return { ok: !findings.some((f) => f.severity === 'error'), findings, models: verified.models ?? [] };
}
