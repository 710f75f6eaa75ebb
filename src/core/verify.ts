/**
 * The verification engine: pre-flight analysis of the key and Base URL, then step 1
 * (GET {base}/models) and step 2 (POST {base}/chat/completions) through the openai SDK, with one
 * overall deadline and immediate cancellation. Never throws; always returns one Diagnosis.
 *
 * Gateway discovery (core/gatewayAccount/discovery: one keyless GET {origin}/api/status per
 * origin and session) starts with the check and runs beside it: a success never waits for it; a
 * failure whose fixes open a dashboard page waits for it within its 2 s budget. A 401 from a
 * new-api gateway costs at most one more request, `GET {origin}/api/usage/token/` (rate-limited
 * on the gateway), which tells a spent, expired or disabled key from a wrong one.
 */
import { analyzeApiKey } from './apiKey';
import { analyzeBaseUrl } from './baseUrl';
import { Scrubber } from './scrub';
import { urlCredentials, withoutCredentials } from './urlCredentials';
import { deceptiveUserinfo } from './hostLookalike';
import { inertText } from './inertText';
import { CHAT_TEST_MAX_TOKENS, CHAT_TEST_MESSAGE, DEFAULT_TIMEOUT_MS } from './constants';
import {
  diagnoseContent,
  diagnoseEndpointAsBaseUrl,
  diagnoseMissingV1,
  diagnoseNetworkError,
  diagnoseOk,
  diagnosePreflight,
  diagnoseResponse,
  makeDiagnosis,
  diagnoseKeyState,
  needsDashboard,
  readErrorBody,
  headerValue,
  withDashboard,
  type ContentProblem,
  type DiagnosisContext,
  type ResponseFacts,
} from './diagnosis';
import { bodyPrefixText, createGatewayClient, type GatewayClient, type RequestRecord } from './gatewayClient';
import { t } from './l10n';
import { looksLikeHtml } from './html';
import type { Diagnosis, StepName, StepResult, VerificationResult, VerifyOptions } from './types';
import { requestIdOf } from './gatewayAccount/requestId';
import { dashboardLinks, discoverGateway } from './gatewayAccount/discovery';
import { figuresFromTokenUsage, keyStateOf, parseTokenUsage, type TokenUsage } from './gatewayAccount/tokenUsage';
import { getKeyedJson } from './gatewayAccount/readAccount';
import { USD_DISPLAY } from './gatewayAccount/units';
import type { AccountFigures, DashboardLinks, GatewayStatus } from './gatewayAccount/types';
import { DISCOVERY_BUDGET_MS } from './constants';

const REPLY_EXCERPT_CHARS = 80;

class EngineAbort extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled') {
    super(reason === 'timeout' ? 'Deadline exceeded' : 'Cancelled');
    this.name = 'EngineAbort';
  }
}

/** Settles as soon as `signal` aborts, whatever `promise` does (it is left to fail quietly). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal, why: () => EngineAbort): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(why());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(why());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Lets undici return the socket to its pool before the next request (keep-alive reuse). */
const yieldToPool = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function hasProxyEnv(): boolean {
  const env = process.env;
  return !!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || env.ALL_PROXY || env.all_proxy);
}

interface StepOutcome<T> {
  step: StepResult;
  value?: T;
  diagnosis?: Diagnosis;
  facts?: ResponseFacts;
}

function hasV1(baseUrl: string): boolean {
  try {
    return /(^|\/)v1$/.test(new URL(baseUrl).pathname.replace(/\/+$/, ''));
  } catch {
    return false;
  }
}

export async function verify(options: VerifyOptions): Promise<VerificationResult> {
  const startedAt = new Date().toISOString();
  const scrubber = new Scrubber();
  const key = analyzeApiKey(typeof options?.apiKey === 'string' ? options.apiKey : '');
  const base = analyzeBaseUrl(typeof options?.baseUrl === 'string' ? options.baseUrl : '', { asEntered: options?.asEntered === true });
  const steps: StepResult[] = [];
  const models: string[] = [];
  // A chatOnly run has no step 1: the caller's earlier list stands in for it in diagnoses only.
  const knownModels =
    options?.chatOnly && Array.isArray(options.knownModels) ? options.knownModels.filter((m) => typeof m === 'string') : [];
  const model = typeof options?.model === 'string' && options.model.trim() !== '' ? options.model.trim() : undefined;
  const rawBaseUrl = typeof options?.baseUrl === 'string' ? options.baseUrl : '';
  // A user name that pretends to be a host (api.rutaapi.com@other.example) is not a secret, and
  // blanking it out would also blank RutaAPI's own URL in the diagnosis and its fix.
  const hostLikeUser = hostLikeUserName(rawBaseUrl);
  const credentials = urlCredentials(rawBaseUrl).filter((c) => c.length >= 3 && !hostLikeUser.has(c));
  let dashboard: DashboardLinks | null | undefined;
  let account: AccountFigures | null | undefined;
  const finish = (diagnosis: Diagnosis): VerificationResult =>
    withoutUrlCredentials(
      {
        ok: diagnosis.code === 'ok',
        ...(dashboard !== undefined ? { dashboard } : {}),
        ...(account !== undefined ? { account } : {}),
        diagnosis,
        baseUrl: base,
        key,
        steps,
        models,
        ...(model ? { model } : {}),
        startedAt,
        finishedAt: new Date().toISOString(),
      },
      credentials,
    );

  try {
    scrubber.add(key.cleaned);
    if (typeof options.apiKey === 'string' && options.apiKey.trim().length >= 8) scrubber.add(options.apiKey.trim());

    const pre = diagnosePreflight(base, key, { allowInsecureHttp: options.allowInsecureHttp, chatOnly: options.chatOnly, model });
    if (pre) return finish(pre);
    const baseURL = base.normalized as string;
    const apiKey = key.cleaned as string;

    // Discovery runs beside the check, without the key, on its own 2 s budget.
    let origin: string | undefined;
    try {
      origin = new URL(baseURL).origin;
    } catch {
      origin = undefined;
    }
    const discoveryStartedAt = Date.now();
    let discovered: { status: GatewayStatus | null } | undefined;
    const discovery: Promise<GatewayStatus | null> = origin
      ? discoverGateway(origin, { fetch: options.fetch }).then(
          (status) => {
            discovered = { status };
            return status;
          },
          () => {
            discovered = { status: null };
            return null;
          },
        )
      : Promise.resolve(null);
    /** Waits for discovery, at most until its budget (from its start) runs out. */
    const awaitDiscovery = async (): Promise<void> => {
      if (discovered) return;
      const left = discoveryStartedAt + DISCOVERY_BUDGET_MS - Date.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([discovery, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    };
    /** A verdict: a success as it is; a failure with dashboard fixes after discovery (bounded). */
    const conclude = async (diagnosis: Diagnosis, keyUsage?: TokenUsage): Promise<VerificationResult> => {
      if (diagnosis.code !== 'ok' && (needsDashboard(diagnosis) || keyUsage)) await awaitDiscovery();
      const links = discovered ? dashboardLinks(baseURL, discovered.status) : undefined;
      if (discovered) dashboard = links ?? null;
      const shown = withDashboard(diagnosis, links !== undefined ? links : dashboardLinks(baseURL, undefined));
      if (keyUsage) account = figuresFromTokenUsage(keyUsage, discovered?.status?.display ?? USD_DISPLAY);
      return finish(shown);
    };

    const timeoutMs =
      Number.isFinite(options.timeoutMs) && (options.timeoutMs as number) > 0 ? (options.timeoutMs as number) : DEFAULT_TIMEOUT_MS;
    const deadline = new AbortController();
    const combined = new AbortController();
    const userSignal = options.signal;
    const reason = (): 'timeout' | 'cancelled' => (userSignal?.aborted ? 'cancelled' : 'timeout');
    const why = (): EngineAbort => new EngineAbort(reason());
    const abortCombined = (): void => combined.abort();
    const timer = setTimeout(() => {
      deadline.abort();
      abortCombined();
    }, timeoutMs);
    if (userSignal) {
      if (userSignal.aborted) abortCombined();
      else userSignal.addEventListener('abort', abortCombined, { once: true });
    }
    const signal = combined.signal;
    const deadlineAt = Date.now() + timeoutMs;

    let gateway: GatewayClient;
    try {
      gateway = createGatewayClient({ apiKey, baseURL, fetch: options.fetch, timeoutMs: timeoutMs + 1000 });
    } catch {
      clearTimeout(timer);
      return finish(
        makeDiagnosis(
          'invalid_base_url',
          t('The Base URL is not a usable URL'),
          t('The Base URL could not be used. No request was sent.'),
          [],
          {},
          t('Base URL'),
        ),
      );
    }

    const ctxFor = (step: StepName, url: string): DiagnosisContext => ({
      step,
      baseUrl: baseURL,
      url,
      model,
      models: models.length > 0 ? models : knownModels,
      apiKey,
      scrubber,
      viaProxy: hasProxyEnv(),
      dashboard: 'defer',
    });
    const requestOptions = () => ({ signal, timeout: Math.max(1, Math.ceil(deadlineAt - Date.now()) + 1000), maxRetries: 0 });

    /** One step: request through the SDK, read the capped body, turn failures into a diagnosis. */
    const runStep = async <T>(
      name: StepName,
      url: string,
      call: () => Promise<Response>,
      parse: (text: string, bytes: Uint8Array, response: Response) => { value: T } | { problem: ContentProblem },
    ): Promise<StepOutcome<T>> => {
      const started = Date.now();
      const firstRecord = gateway.records.length;
      const step: StepResult = { name, ok: false, status: null, requestId: null, latencyMs: 0, code: 'network_error' };
      const lastRecord = (): RequestRecord | undefined => gateway.records.slice(firstRecord).pop();
      const fill = (): void => {
        const record = lastRecord();
        step.latencyMs = Date.now() - started;
        if (record) {
          step.status = record.status ?? null;
          const requestId = requestIdOf(
            record.headers,
            record.status !== undefined && record.status >= 400 ? readErrorBody(bodyPrefixText(record)).message : undefined,
          );
          const contentType = record.headers?.get('content-type');
          step.requestId = requestId ? inertText(scrubber.scrub(requestId), { maxChars: 500 }) : null;
          step.contentType = contentType ? inertText(scrubber.scrub(contentType), { maxChars: 500 }) : null;
          step.requestBytes = record.requestBytes;
        }
      };
      try {
        const response = await abortable(call(), signal, why);
        const bytes = new Uint8Array(await abortable(response.arrayBuffer(), signal, why));
        fill();
        const record = lastRecord();
        const facts: ResponseFacts = { status: response.status, headers: response.headers, url, bodyText: bodyPrefixText(record) };
        let text: string;
        const contentType = response.headers.get('content-type');
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          const diagnosis = looksLikeHtml(bodyPrefixText(record), contentType)
            ? diagnoseContent('html', facts, ctxFor(name, url))
            : diagnoseContent('not_utf8', facts, ctxFor(name, url));
          step.code = diagnosis.code;
          return { step, diagnosis, facts };
        }
        const parsed = parse(text, bytes, response);
        if ('problem' in parsed) {
          const diagnosis = diagnoseContent(parsed.problem, facts, ctxFor(name, url));
          step.code = diagnosis.code;
          return { step, diagnosis, facts };
        }
        step.ok = true;
        step.code = 'ok';
        return { step, value: parsed.value, facts };
      } catch (error: unknown) {
        fill();
        const record = lastRecord();
        const ctx = ctxFor(name, url);
        let diagnosis: Diagnosis;
        const status = (error as { status?: unknown })?.status;
        if (error instanceof EngineAbort) {
          diagnosis = diagnoseNetworkError(error, { ...ctx, reason: error.reason, timeoutMs });
        } else if (signal.aborted) {
          diagnosis = diagnoseNetworkError(error, { ...ctx, reason: reason(), timeoutMs });
        } else if (record?.tooLarge) {
          diagnosis = diagnoseContent('too_large', { status: record.status ?? 200, headers: record.headers, url }, ctx);
        } else if (typeof status === 'number' && record?.headers) {
          const facts: ResponseFacts = { status, headers: record.headers, url, bodyText: bodyPrefixText(record) };
          step.latencyMs = Date.now() - started;
          const diagnosis = diagnoseResponse(facts, ctx);
          step.code = diagnosis.code;
          return { step, facts, diagnosis };
        } else {
          diagnosis = diagnoseNetworkError(error, { ...ctx, timeoutMs });
        }
        step.code = diagnosis.code;
        return { step, diagnosis };
      }
    };

    /**
     * A 401 from a new-api gateway: one GET {origin}/api/usage/token/ (with the key, same origin)
     * tells a spent, expired or disabled key from an unknown one. At most once per check.
     */
    let probed = false;
    const explain401 = async (outcome: StepOutcome<unknown>, name: StepName, url: string): Promise<TokenUsage | undefined> => {
      const facts = outcome.facts;
      if (probed || !origin || outcome.diagnosis?.code !== 'unauthorized' || !facts || facts.status !== 401 || signal.aborted)
        return undefined;
      const body = readErrorBody(facts.bodyText);
      // new-api's own 401 (its error type or its request-id header): any other gateway's 401 is left as it is.
      const newApi = body.type === 'new_api_error' || (!!facts.headers && !!headerValue(facts.headers, 'x-oneapi-request-id'));
      if (!newApi) return undefined;
      probed = true;
      const answer = await getKeyedJson(gateway, `${origin}/api/usage/token/`, signal);
      const usage = answer.kind === 'json' ? parseTokenUsage(answer.json) : undefined;
      if (!usage) return undefined;
      outcome.diagnosis = diagnoseKeyState(keyStateOf(usage, Date.now()), usage, facts, ctxFor(name, url));
      outcome.step.code = outcome.diagnosis.code;
      return usage;
    };

    try {
      // Step 1: GET {base}/models
      if (!options.chatOnly) {
        const url = `${baseURL.replace(/\/+$/, '')}/models`;
        const outcome = await runStep<string[]>(
          'models',
          url,
          () => gateway.client.models.list(requestOptions()).asResponse(),
          (text, _bytes, response) => {
            const parsed = parseApiJson(text, response);
            if ('problem' in parsed) return parsed;
            const data = (parsed.json as { data?: unknown } | null)?.data;
            if (!Array.isArray(data)) return { problem: 'no_data' };
            const ids = data
              .map((m: unknown) => (m && typeof m === 'object' ? (m as { id?: unknown }).id : undefined))
              .filter((id): id is string => typeof id === 'string' && id.length > 0);
            if (data.length > 0 && ids.length === 0) return { problem: 'no_data' };
            if (ids.length === 0) return { problem: 'empty_models' };
            return { value: ids };
          },
        );
        if (outcome.diagnosis) {
          // A 404 on {base}/models: maybe the root is missing /v1, or an endpoint was pasted as entered.
          if (outcome.facts && outcome.facts.status === 404 && outcome.diagnosis.code === 'path_not_found') {
            const better = await explain404(gateway, baseURL, outcome.facts, ctxFor('models', url), signal, why, requestOptions, base);
            if (better) outcome.diagnosis = better;
            outcome.step.code = outcome.diagnosis.code;
          }
          const usage = await explain401(outcome, 'models', url);
          steps.push(outcome.step);
          outcome.step.code = outcome.diagnosis.code;
          return conclude(outcome.diagnosis, usage);
        }
        models.push(...(outcome.value ?? []));
        outcome.step.modelCount = models.length;
        steps.push(outcome.step);
        if (!model) {
          return conclude(diagnoseOk({ modelCount: models.length, requestId: outcome.step.requestId ?? undefined, url }));
        }
        await abortable(yieldToPool(), signal, why);
      }

      // Step 2: POST {base}/chat/completions
      const url = `${baseURL.replace(/\/+$/, '')}/chat/completions`;
      const chatModel = model as string;
      const outcome = await runStep<string>(
        'chat',
        url,
        () =>
          gateway.client.chat.completions
            .create(
              { model: chatModel, messages: [{ role: 'user', content: CHAT_TEST_MESSAGE }], max_tokens: CHAT_TEST_MAX_TOKENS },
              requestOptions(),
            )
            .asResponse(),
        (text, _bytes, response) => {
          const parsed = parseApiJson(text, response);
          if ('problem' in parsed) return parsed;
          const choices = (parsed.json as { choices?: unknown } | null)?.choices;
          if (!Array.isArray(choices)) return { problem: 'no_choices' };
          const first = choices[0] as { message?: { content?: unknown }; text?: unknown } | undefined;
          const content =
            typeof first?.message?.content === 'string' ? first.message.content : typeof first?.text === 'string' ? first.text : '';
          // Scrub before cutting: a cut must never split an echoed key the scrubber would recognise whole.
          const flat = inertText(scrubber.scrub(content).replace(/\s+/g, ' ').trim());
          return { value: flat.length > REPLY_EXCERPT_CHARS ? `${flat.slice(0, REPLY_EXCERPT_CHARS)}…` : flat };
        },
      );
      const usage = outcome.diagnosis ? await explain401(outcome, 'chat', url) : undefined;
      steps.push(outcome.step);
      if (outcome.diagnosis) return conclude(outcome.diagnosis, usage);
      outcome.step.replyExcerpt = scrubber.scrub(outcome.value ?? '');
      return conclude(
        diagnoseOk({
          modelCount: options.chatOnly ? undefined : models.length,
          model: chatModel,
          replyExcerpt: outcome.step.replyExcerpt,
          requestId: outcome.step.requestId ?? undefined,
          url,
        }),
      );
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', abortCombined);
      // Abort anything still in flight (a black-holed probe, a body we stopped reading).
      combined.abort();
    }
  } catch (error: unknown) {
    // Never throw: anything unexpected becomes a scrubbed network_error diagnosis.
    return finish(diagnoseNetworkError(error, { step: steps.length > 0 ? 'chat' : 'models', scrubber, apiKey: key.cleaned }));
  }
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

/** A 404 on {base}/models: probe {base}/v1/models (missing /v1), or name a pasted endpoint. */
async function explain404(
  gateway: GatewayClient,
  baseURL: string,
  facts: ResponseFacts,
  ctx: DiagnosisContext,
  signal: AbortSignal,
  why: () => EngineAbort,
  requestOptions: () => { signal: AbortSignal; timeout: number; maxRetries: number },
  base: VerificationResult['baseUrl'],
): Promise<Diagnosis | undefined> {
  if (base.asEntered) {
    const analysed = analyzeBaseUrl(base.input);
    const endpoint = analysed.findings.find((f) => f.code === 'endpoint_as_base_url');
    if (endpoint && analysed.normalized) return diagnoseEndpointAsBaseUrl(endpoint.suggestedUrl ?? analysed.normalized, facts, ctx);
  }
  if (hasV1(baseURL)) return undefined;
  const root = baseURL.replace(/\/+$/, '');
  const candidate = `${root}/v1`;
  try {
    const response = await abortable(gateway.client.get(`${candidate}/models`, requestOptions()).asResponse(), signal, why);
    await abortable(response.arrayBuffer(), signal, why).catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return diagnoseMissingV1(candidate, facts, ctx);
  } catch (error: unknown) {
    if (error instanceof EngineAbort) return diagnoseNetworkError(error, { ...ctx, reason: error.reason });
    const status = (error as { status?: unknown })?.status;
    if (status === 401 || status === 403) return diagnoseMissingV1(candidate, facts, ctx);
  }
  return undefined;
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

/** A 2xx body as JSON; a web page or anything else is a content problem, never a success. */
function parseApiJson(text: string, response: Response): { json: unknown } | { problem: ContentProblem } {
  if (looksLikeHtml(text, response.headers.get('content-type'))) return { problem: 'html' };
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { problem: 'not_json' };
  }
}
