/**
 * The verification's result as it is filled in (analyses, steps, models, dashboard, figures) and
 * finished: stamped, and without any credentials typed into the Base URL.
 */
import { analyzeApiKey } from '../apiKey';
import { analyzeBaseUrl } from '../baseUrl';
import { deceptiveUserinfo } from '../hostLookalike';
import { urlCredentials, withoutCredentials } from '../urlCredentials';
import type { AccountFigures, DashboardLinks } from '../gatewayAccount/types';
import type { ModelEndpoints } from '../modelProtocols';
import type { Diagnosis, StepResult, VerificationResult, VerifyOptions } from '../types';

export interface ResultDraft {
  startedAt: string;
  base: VerificationResult['baseUrl'];
  key: VerificationResult['key'];
  steps: StepResult[];
  /** Step 1's model ids, in server order. */
  models: string[];
  /** Step 1's `supported_endpoint_types` per model, when any model named them. */
  modelEndpoints?: ModelEndpoints;
  model?: string;
  /** Credentials from the Base URL's user info, taken out of every string of the result. */
  credentials: string[];
  dashboard?: DashboardLinks | null;
  account?: AccountFigures | null;
}

export function startResult(options: VerifyOptions): ResultDraft {
  const rawBaseUrl = typeof options?.baseUrl === 'string' ? options.baseUrl : '';
  // A user name that pretends to be a host (api.rutaapi.com@other.example) is not a secret, and
  // blanking it out would also blank RutaAPI's own URL in the diagnosis and its fix.
  const hostLikeUser = hostLikeUserName(rawBaseUrl);
  const model = typeof options?.model === 'string' && options.model.trim() !== '' ? options.model.trim() : undefined;
  return {
    startedAt: new Date().toISOString(),
    key: analyzeApiKey(typeof options?.apiKey === 'string' ? options.apiKey : ''),
    base: analyzeBaseUrl(rawBaseUrl, { asEntered: options?.asEntered === true }),
    steps: [],
    models: [],
    ...(model ? { model } : {}),
    credentials: urlCredentials(rawBaseUrl).filter((c) => c.length >= 3 && !hostLikeUser.has(c)),
  };
}

export function finishResult(draft: ResultDraft, diagnosis: Diagnosis): VerificationResult {
  return withoutUrlCredentials(
    {
      ok: diagnosis.code === 'ok',
      ...(draft.dashboard !== undefined ? { dashboard: draft.dashboard } : {}),
      ...(draft.account !== undefined ? { account: draft.account } : {}),
      diagnosis,
      baseUrl: draft.base,
      key: draft.key,
      steps: draft.steps,
      models: draft.models,
      ...(draft.modelEndpoints ? { modelEndpoints: draft.modelEndpoints } : {}),
      ...(draft.model ? { model: draft.model } : {}),
      startedAt: draft.startedAt,
      finishedAt: new Date().toISOString(),
    },
    draft.credentials,
  );
}

/** The user-name part of the Base URL's user info, when it pretends to be a host (raw and decoded). */
function hostLikeUserName(baseUrl: string): Set<string> {
  const out = new Set<string>();
  // Greedy: the user info ends at the last "@" of the authority, as URL parsing reads it.
  const m = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\\]*)@/i.exec(baseUrl);
  const deceptive = m?.[1] ? deceptiveUserinfo(m[1]) : undefined;
  if (deceptive) {
    out.add(deceptive.rawUser);
    out.add(deceptive.shown);
  }
  return out;
}

/**
 * A password typed into the Base URL is echoed by diagnoses and by `baseUrl.input`: take it out of
 * every string of the result (the key analysis is left alone; it holds no URL text).
 */
function withoutUrlCredentials(result: VerificationResult, credentials: string[]): VerificationResult {
  if (credentials.length === 0) return result;
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let text = withoutCredentials(value);
      for (const c of credentials) text = text.split(c).join('…');
      return text;
    }
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
    return value;
  };
  const { key, ...rest } = result;
  return { ...(clean(rest) as Omit<VerificationResult, 'key'>), key };
}
