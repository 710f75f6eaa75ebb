/** new-api's own answers: billing on /v1 (and /dashboard/billing), the new-api scenarios' refusals, /api/usage/token/. */
import type * as http from 'node:http';
import type { SandboxContext } from './context';
import { send } from './http';
import { authorizeTokenRead } from './tokenAuth';
import type { SandboxScenario } from './models';
import {
  MESSAGES,
  NO_CHANNEL_MODEL,
  isNewApiScenario,
  keyRecord,
  newApiErrorBody,
  newApiModels,
  newApiRequestId,
  refusedByApi,
  subscriptionBody,
  tokenUsageBody,
  usageBody,
  wantsEnglish,
} from './newApi';

/** A new-api error: `new_api_error` body whose message ends with the response's request id. */
function sendNewApiError(res: http.ServerResponse, status: number, message: string, code = ''): void {
  const id = String(res.getHeader('x-oneapi-request-id') ?? newApiRequestId());
  send(res, status, newApiErrorBody(message, code, id));
}

/** new-api's answers on /v1 for the new-api scenarios (and billing for every key). True when handled. */
export function newApiV1(
  ctx: SandboxContext,
  scenario: SandboxScenario | undefined,
  key: string | undefined,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
): boolean {
  const en = wantsEnglish(req);
  const billing = /^\/(v1\/)?dashboard\/billing\/(subscription|usage)$/.exec(path);
  if (billing) {
    ctx.stats.billingRequests += 1;
    // Full TokenAuth: an unknown, spent, expired or disabled key gets 401 Invalid token.
    if (!key || !scenario || refusedByApi(scenario)) {
      sendNewApiError(res, 401, MESSAGES.invalidToken(en));
      return true;
    }
    const record = keyRecord(scenario);
    send(res, 200, billing[2] === 'subscription' ? subscriptionBody(record, ctx.displayType) : usageBody(record, ctx.displayType));
    return true;
  }
  if (!isNewApiScenario(scenario)) return false;
  if (refusedByApi(scenario)) {
    sendNewApiError(res, 401, MESSAGES.invalidToken(en));
    return true;
  }
  return false;
}

/** The chat step of a new-api scenario: key limits, wallet and routes, as new-api answers them. True when handled. */
export function newApiChat(scenario: SandboxScenario, model: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!isNewApiScenario(scenario)) return false;
  const en = wantsEnglish(req);
  const listed = newApiModels(scenario);
  if (scenario === 'modellimit' && !listed.includes(model)) {
    sendNewApiError(res, 403, MESSAGES.noAccessToModel(en, model));
    return true;
  }
  if (!listed.includes(model) || (scenario === 'nochannel' && model === NO_CHANNEL_MODEL)) {
    sendNewApiError(res, 503, MESSAGES.noChannel(en, model, 'default'), 'model_not_found');
    return true;
  }
  if (scenario === 'wallet') {
    sendNewApiError(res, 403, MESSAGES.walletEmpty(), 'insufficient_user_quota');
    return true;
  }
  if (scenario === 'keylimit') {
    sendNewApiError(res, 403, MESSAGES.keyQuota(1200, 4800), 'pre_consume_token_quota_failed');
    return true;
  }
  return false;
}

/** `/api/usage/token/`: rate-limited first (429, empty body), then read-only auth. */
export function handleTokenUsage(ctx: SandboxContext, req: http.IncomingMessage, res: http.ServerResponse): void {
  const caller = authorizeTokenRead(ctx, req, res);
  if (!caller) return;
  send(res, 200, tokenUsageBody(keyRecord(caller.scenario)));
}
