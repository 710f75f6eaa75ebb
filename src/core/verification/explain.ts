/**
 * Second looks at a failed step, each at most one more request: a 404 on {base}/models (a missing
 * /v1, or an endpoint pasted as the Base URL) and a 401 from a new-api gateway (a spent, expired or
 * disabled key told from a wrong one).
 */
import { abortable } from '../abortable';
import { analyzeBaseUrl } from '../baseUrl';
import {
  diagnoseEndpointAsBaseUrl,
  diagnoseKeyState,
  diagnoseMissingV1,
  diagnoseNetworkError,
  headerValue,
  readErrorBody,
  type DiagnosisContext,
  type ResponseFacts,
} from '../diagnosis';
import { getKeyedJson } from '../gatewayAccount/readAccount';
import { keyStateOf, parseTokenUsage, type TokenUsage } from '../gatewayAccount/tokenUsage';
import type { Diagnosis, StepName } from '../types';
import { EngineAbort } from './deadline';
import { contextFor, type VerifyRun } from './run';
import type { StepOutcome } from './runStep';

function hasV1(baseUrl: string): boolean {
  try {
    return /(^|\/)v1$/.test(new URL(baseUrl).pathname.replace(/\/+$/, ''));
  } catch {
    return false;
  }
}

/** A 404 on {base}/models: probe {base}/v1/models (missing /v1), or name a pasted endpoint. */
export async function explain404(run: VerifyRun, facts: ResponseFacts, ctx: DiagnosisContext): Promise<Diagnosis | undefined> {
  const base = run.draft.base;
  if (base.asEntered) {
    const analysed = analyzeBaseUrl(base.input);
    const pasted = analysed.findings.find((f) => f.code === 'endpoint_as_base_url');
    if (pasted && analysed.normalized) return diagnoseEndpointAsBaseUrl(pasted.suggestedUrl ?? analysed.normalized, facts, ctx);
  }
  if (hasV1(run.baseURL)) return undefined;
  const candidate = `${run.baseURL.replace(/\/+$/, '')}/v1`;
  const { signal, why } = run.deadline;
  try {
    const response = await abortable(
      run.gateway.client.get(`${candidate}/models`, run.deadline.requestOptions()).asResponse(),
      signal,
      why,
    );
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
 * A 401 from a new-api gateway: one GET {origin}/api/usage/token/ (with the key, same origin)
 * tells a spent, expired or disabled key from an unknown one. At most once per check; the
 * outcome's diagnosis is replaced when the gateway said more.
 */
export async function explain401(
  run: VerifyRun,
  outcome: StepOutcome<unknown>,
  name: StepName,
  url: string,
): Promise<TokenUsage | undefined> {
  const facts = outcome.facts;
  const signal = run.deadline.signal;
  if (run.probed401 || !run.origin || outcome.diagnosis?.code !== 'unauthorized' || !facts || facts.status !== 401 || signal.aborted)
    return undefined;
  const body = readErrorBody(facts.bodyText);
  // new-api's own 401 (its error type or its request-id header): any other gateway's 401 is left as it is.
  const newApi = body.type === 'new_api_error' || (!!facts.headers && !!headerValue(facts.headers, 'x-oneapi-request-id'));
  if (!newApi) return undefined;
  run.probed401 = true;
  const answer = await getKeyedJson(run.gateway, `${run.origin}/api/usage/token/`, signal);
  const usage = answer.kind === 'json' ? parseTokenUsage(answer.json) : undefined;
  if (!usage) return undefined;
  outcome.diagnosis = diagnoseKeyState(keyStateOf(usage, Date.now()), usage, facts, contextFor(run, name, url));
  outcome.step.code = outcome.diagnosis.code;
  return usage;
}
