/**
 * The Cursor check end to end, after the read: the findings on Cursor's settings, and, with a
 * usable key, the engine's own verification (GET /models, then one chat request with Cursor's
 * first enabled model that the key lists), so a spent or wrong key is named exactly as in the
 * panel. Cursor's own key is sent only where Cursor itself sends it (or to the API root a RutaAPI
 * website or dashboard URL in Cursor stands for), never to another origin. Never throws.
 */
import { t } from '../l10n';
import { analyzeApiKey } from '../apiKey';
import { analyzeBaseUrl } from '../baseUrl';
import { verify } from '../verify';
import type { VerificationResult } from '../types';
import { diagnoseCursor } from './diagnose';
import type { CursorFinding, CursorRead, CursorSettings } from './types';

interface CursorCheckOptions {
  read: CursorRead;
  /** Where the key and models are checked (the doctor's --base-url). */
  baseUrl: string;
  /** The key the user gave, raw; without it Cursor's own plain-text key is used where allowed. */
  givenKey?: string;
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

/** The key to verify with: the one given, else Cursor's own when it is a key and may go to `target`. */
function keyToUse(settings: CursorSettings, options: CursorCheckOptions): { key?: string; note?: CursorFinding } {
  if (options.givenKey !== undefined) return { key: options.givenKey };
  const own = settings.plainKey !== undefined ? analyzeApiKey(settings.plainKey) : undefined;
  if (!own?.cleaned || own.foreignPlatform) return {};
  if (cursorKeyMayGo(settings, options.baseUrl)) return { key: own.cleaned };
  return {
    note: {
      code: 'cursor_key_not_sent',
      severity: 'info',
      detail: t(
        "Cursor's key was not sent to {0}: Cursor sends it elsewhere. To check it there, give it with RUTAAPI_API_KEY or --key-stdin.",
        options.baseUrl,
      ),
    },
  };
}

async function verifyKey(
  key: string,
  settings: CursorSettings,
  options: CursorCheckOptions,
): Promise<{ models?: string[]; failed?: CursorFinding }> {
  const common = { apiKey: key, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, signal: options.signal, fetch: options.fetch };
  const listed = await verify(common);
  if (!listed.ok) return { failed: failure(listed) };
  const model = settings.models.find((id) => settings.enabledModels.includes(id) && listed.models.includes(id));
  if (!model) return { models: listed.models };
  const chat = await verify({ ...common, model, chatOnly: true, knownModels: listed.models });
  return chat.ok ? { models: listed.models } : { models: listed.models, failed: failure(chat) };
}

export async function checkCursor(options: CursorCheckOptions): Promise<CursorCheck> {
  const { read } = options;
  const given = options.givenKey !== undefined ? (analyzeApiKey(options.givenKey).cleaned ?? undefined) : undefined;
  if (read.status !== 'ok') {
    const findings = diagnoseCursor({ read, expectedBaseUrl: options.baseUrl, givenKey: given });
    return { ok: false, findings, models: [] };
  }
  const { key, note } = keyToUse(read.settings, options);
  const verified = key !== undefined ? await verifyKey(key, read.settings, options) : {};
  const findings = diagnoseCursor({ read, expectedBaseUrl: options.baseUrl, givenKey: given, models: verified.models });
  if (verified.failed) findings.push(verified.failed);
  if (note) findings.push(note);
  return { ok: !findings.some((f) => f.severity === 'error'), findings, models: verified.models ?? [] };
}
