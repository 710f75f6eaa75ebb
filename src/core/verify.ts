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
 *
 * The phases live in core/verification/: the deadline, discovery beside the check, one step's
 * request and body, the second looks at a 404 or 401, the replies' shapes and the result.
 */
import { abortable } from './abortable';
import { CHAT_TEST_MAX_TOKENS, CHAT_TEST_MESSAGE, DEFAULT_TIMEOUT_MS } from './constants';
import { diagnoseNetworkError, diagnoseOk, diagnosePreflight, makeDiagnosis, needsDashboard, withDashboard } from './diagnosis';
import { createGatewayClient, type GatewayClient } from './gatewayClient';
import { dashboardLinks } from './gatewayAccount/discovery';
import { figuresFromTokenUsage, type TokenUsage } from './gatewayAccount/tokenUsage';
import { USD_DISPLAY } from './gatewayAccount/units';
import { t } from './l10n';
import { chatModels, protocolsOf } from './modelProtocols';
import { diagnoseWrongProtocol } from './diagnosis/wrongProtocol';
import { Scrubber } from './scrub';
import { timeoutOr } from './timeout';
import type { Diagnosis, VerificationResult, VerifyOptions } from './types';
import { startDeadline } from './verification/deadline';
import { watchDiscovery } from './verification/discoveryWatch';
import { explain401, explain404 } from './verification/explain';
import { chatReply, modelIds } from './verification/replies';
import { knownEndpoints } from './verification/modelList';
import { finishResult, startResult, type ResultDraft } from './verification/result';
import { contextFor, endpoint, type VerifyRun } from './verification/run';
import { runStep } from './verification/runStep';

/** How a check ended: its diagnosis, and the key's figures when a 401 was explained. */
interface Verdict {
  diagnosis: Diagnosis;
  usage?: TokenUsage;
}

/** Lets undici return the socket to its pool before the next request (keep-alive reuse). */
const yieldToPool = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function verify(options: VerifyOptions): Promise<VerificationResult> {
  const draft = startResult(options);
  const scrubber = new Scrubber();
  try {
    scrubber.add(draft.key.cleaned);
    if (typeof options.apiKey === 'string' && options.apiKey.trim().length >= 8) scrubber.add(options.apiKey.trim());
    const pre = diagnosePreflight(draft.base, draft.key, {
      allowInsecureHttp: options.allowInsecureHttp,
      chatOnly: options.chatOnly,
      model: draft.model,
    });
    if (pre) return finishResult(draft, pre);
    return await check(options, draft, scrubber);
  } catch (error: unknown) {
    // Never throw: anything unexpected becomes a scrubbed network_error diagnosis.
    const step = draft.steps.length > 0 ? 'chat' : 'models';
    return finishResult(draft, diagnoseNetworkError(error, { step, scrubber, apiKey: draft.key.cleaned }));
  }
}

/** The requests, once pre-flight has passed: step 1 unless chatOnly, then step 2 when a model is set. */
async function check(options: VerifyOptions, draft: ResultDraft, scrubber: Scrubber): Promise<VerificationResult> {
  const baseURL = draft.base.normalized as string;
  const apiKey = draft.key.cleaned as string;
  const origin = originOf(baseURL);
  // Discovery runs beside the check, without the key, on its own 2 s budget.
  const discovery = watchDiscovery(origin, options.fetch);
  const deadline = startDeadline(timeoutOr(options.timeoutMs, DEFAULT_TIMEOUT_MS), options.signal);
  let gateway: GatewayClient;
  try {
    gateway = createGatewayClient({ apiKey, baseURL, fetch: options.fetch, timeoutMs: deadline.timeoutMs + 1000 });
  } catch {
    deadline.dispose();
    return finishResult(draft, unusableBaseUrl());
  }
  const knownModels =
    options.chatOnly && Array.isArray(options.knownModels) ? options.knownModels.filter((m) => typeof m === 'string') : [];
  const earlierEndpoints = options.chatOnly ? options.knownEndpoints : undefined;
  const run: VerifyRun = {
    baseURL,
    apiKey,
    origin,
    gateway,
    deadline,
    discovery,
    scrubber,
    draft,
    knownModels,
    knownEndpoints: earlierEndpoints,
    probed401: false,
  };
  try {
    const verdict = (!options.chatOnly && (await checkModels(run))) || (await checkChat(run, options.chatOnly === true));
    return conclude(run, verdict);
  } finally {
    deadline.dispose();
  }
}

/** Step 1: GET {base}/models. A verdict when it failed or no model is set; else on to step 2. */
async function checkModels(run: VerifyRun): Promise<Verdict | undefined> {
  const url = endpoint(run.baseURL, 'models');
  const outcome = await runStep(
    run,
    'models',
    url,
    () => run.gateway.client.models.list(run.deadline.requestOptions()).asResponse(),
    modelIds,
  );
  if (outcome.diagnosis) {
    // A 404 on {base}/models: maybe the root is missing /v1, or an endpoint was pasted as entered.
    if (outcome.facts && outcome.facts.status === 404 && outcome.diagnosis.code === 'path_not_found') {
      const better = await explain404(run, outcome.facts, contextFor(run, 'models', url));
      if (better) outcome.diagnosis = better;
      outcome.step.code = outcome.diagnosis.code;
    }
    const usage = await explain401(run, outcome, 'models', url);
    run.draft.steps.push(outcome.step);
    outcome.step.code = outcome.diagnosis.code;
    return { diagnosis: outcome.diagnosis, usage };
  }
  const models = run.draft.models;
  models.push(...(outcome.value?.ids ?? []));
  const endpoints = outcome.value && knownEndpoints(outcome.value.endpoints);
  if (endpoints) run.draft.modelEndpoints = endpoints;
  outcome.step.modelCount = models.length;
  run.draft.steps.push(outcome.step);
  if (!run.draft.model)
    return { diagnosis: diagnoseOk({ modelCount: models.length, requestId: outcome.step.requestId ?? undefined, url }) };

  await abortable(yieldToPool(), run.deadline.signal, run.deadline.why);
  return undefined;
}

/** Step 2: POST {base}/chat/completions with a one-word prompt. */
async function checkChat(run: VerifyRun, chatOnly: boolean): Promise<Verdict> {
  const url = endpoint(run.baseURL, 'chat/completions');
  const model = run.draft.model as string;
  // The list said this model cannot chat: say so instead of sending a request bound to fail.
  const endpoints = run.draft.modelEndpoints ?? run.knownEndpoints;
  const protocols = protocolsOf(model, endpoints);
  if (protocols && !protocols.includes('openai')) {
    const listed = run.draft.models.length > 0 ? run.draft.models : run.knownModels;
    return { diagnosis: diagnoseWrongProtocol(model, protocols, chatModels(listed, endpoints)) };
  }
  const request = { model, messages: [{ role: 'user' as const, content: CHAT_TEST_MESSAGE }], max_tokens: CHAT_TEST_MAX_TOKENS };
  const outcome = await runStep(
    run,
    'chat',
    url,
    () => run.gateway.client.chat.completions.create(request, run.deadline.requestOptions()).asResponse(),
    chatReply(run.scrubber),
  );
  const usage = outcome.diagnosis ? await explain401(run, outcome, 'chat', url) : undefined;
  run.draft.steps.push(outcome.step);
  if (outcome.diagnosis) return { diagnosis: outcome.diagnosis, usage };
  outcome.step.replyExcerpt = run.scrubber.scrub(outcome.value ?? '');
  const diagnosis = diagnoseOk({
    modelCount: chatOnly ? undefined : run.draft.models.length,
    model,
    replyExcerpt: outcome.step.replyExcerpt,
    requestId: outcome.step.requestId ?? undefined,
    url,
  });
  return { diagnosis };
}

/** A verdict: a success as it is; a failure with dashboard fixes after discovery (bounded). */
async function conclude(run: VerifyRun, { diagnosis, usage }: Verdict): Promise<VerificationResult> {
  if (diagnosis.code !== 'ok' && (needsDashboard(diagnosis) || usage)) await run.discovery.wait();
  const discovered = run.discovery.settled();
  const links = discovered ? dashboardLinks(run.baseURL, discovered.status) : undefined;
  if (discovered) run.draft.dashboard = links ?? null;
  const shown = withDashboard(diagnosis, links !== undefined ? links : dashboardLinks(run.baseURL, undefined));
  if (usage) run.draft.account = figuresFromTokenUsage(usage, discovered?.status?.display ?? USD_DISPLAY);
  return finishResult(run.draft, shown);
}

function originOf(baseURL: string): string | undefined {
  try {
    return new URL(baseURL).origin;
  } catch {
    return undefined;
  }
}

function unusableBaseUrl(): Diagnosis {
  return makeDiagnosis(
    'invalid_base_url',
    t('The Base URL is not a usable URL'),
    t('The Base URL could not be used. No request was sent.'),
    [],
    {},
    t('Base URL'),
  );
}
