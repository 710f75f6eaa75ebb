/** The OpenAI-compatible API under /v1: the key's scenario, its faults, the model list, chat completions, Responses and Messages. */
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from './context';
import { fault } from './faults';
import { bearer, readBody, send, sendError } from './http';
import { modelObject } from './modelList';
import { scenarioForKey, type SandboxScenario } from './models';
import { isNewApiScenario } from './newApi';
import { newApiChat, newApiV1 } from './newApiRoutes';
import { handleProtocol, messagesKey } from './protocols';
import { handleStreamingChat } from './streaming';

type ChatBody = { model: string; messages: unknown[]; max_tokens?: unknown; max_completion_tokens?: unknown; stream?: unknown };

export async function handleV1(ctx: SandboxContext, req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
  const method = req.method ?? 'GET';
  // new-api takes Anthropic's x-api-key on /v1/messages (middleware/auth.go).
  const key = (path === '/v1/messages' ? messagesKey(req) : undefined) ?? bearer(req);
  const scenario = scenarioForKey(key);
  if (newApiV1(ctx, scenario, key, req, res, path)) return;
  if (!authorized(res, key, scenario) || fault(ctx, scenario, req, res)) return;
  if (method === 'GET' && path === '/v1/models') return listModels(ctx, res, scenario);
  const single = /^\/v1\/models\/(.+)$/.exec(path);
  if (method === 'GET' && single) return oneModel(ctx, res, scenario, decodeURIComponent(single[1]));
  if (method === 'POST' && path === '/v1/chat/completions') return chatCompletions(ctx, req, res, scenario);
  if (method === 'POST' && (path === '/v1/responses' || path === '/v1/messages')) return handleProtocol(ctx, req, res, scenario, path);
  sendError(res, 404, `Invalid URL (${method} ${path})`, 'invalid_request_error', null);
}

/** A key that names a scenario; else OpenAI's 401 for a missing or an unknown key. */
function authorized(res: http.ServerResponse, key: string | undefined, scenario: SandboxScenario | undefined): scenario is SandboxScenario {
  if (!key) {
    sendError(
      res,
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). Create one in the RutaAPI dashboard (Tokens).",
      'invalid_request_error',
      'missing_api_key',
    );
    return false;
  }
  if (!scenario) {
    sendError(
      res,
      401,
      'Incorrect API key provided. You can find your API key in the RutaAPI dashboard under Tokens.',
      'invalid_request_error',
      'invalid_api_key',
    );
    return false;
  }
  return true;
}

function listModels(ctx: SandboxContext, res: http.ServerResponse, scenario: SandboxScenario): void {
  if (scenario === 'nodata') send(res, 200, JSON.stringify({ object: 'list', models: ctx.modelsFor(scenario) }));
  else send(res, 200, ctx.modelsBody(scenario));
}

function oneModel(ctx: SandboxContext, res: http.ServerResponse, scenario: SandboxScenario, id: string): void {
  if (ctx.modelsFor(scenario).includes(id)) send(res, 200, JSON.stringify(modelObject(id, isNewApiScenario(scenario))));
  else modelNotFound(res, id);
}

function modelNotFound(res: http.ServerResponse, id: string): void {
  sendError(res, 404, `The model \`${id}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
}

async function chatCompletions(
  ctx: SandboxContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  scenario: SandboxScenario,
): Promise<void> {
  const raw = await readBody(req);
  if (ctx.closing() || res.destroyed) return;
  const body = chatBody(res, raw);
  if (!body || newApiChat(scenario, body.model, req, res)) return;
  if (!ctx.modelsFor(scenario).includes(body.model)) return modelNotFound(res, body.model);
  /** What every chat completion starts with; `nodata` sends only this. */
  const completion = {
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
  };
  if (scenario === 'nodata') return send(res, 200, JSON.stringify(completion));
  recordChat(ctx, req, res, body);
  if (body.stream === true) {
    handleStreamingChat(req, res, body as Parameters<typeof handleStreamingChat>[2], { later: ctx.later, onStream: ctx.onStream });
    return;
  }
  send(res, 200, JSON.stringify({ ...completion, ...chatAnswer(body) }));
}

/** The chat in the key's /api/log/token rows, with the request id the response carries. */
function recordChat(ctx: SandboxContext, req: http.IncomingMessage, res: http.ServerResponse, body: ChatBody): void {
  const key = bearer(req);
  if (!key) return;
  const id = res.getHeader('x-oneapi-request-id') ?? res.getHeader('x-request-id');
  const prompt = Math.max(1, Math.ceil(JSON.stringify(body.messages).length / 4));
  ctx.usageLogs.recordChat(key, {
    model_name: body.model,
    prompt_tokens: prompt,
    completion_tokens: 12,
    use_time: 1,
    is_stream: body.stream === true,
    request_id: typeof id === 'string' ? id : '',
  });
}

/** The request's JSON with a model and messages; else OpenAI's 400 (and undefined). */
function chatBody(res: http.ServerResponse, raw: string): ChatBody | undefined {
  let body: { model?: unknown; messages?: unknown; max_tokens?: unknown; max_completion_tokens?: unknown; stream?: unknown };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    sendError(
      res,
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      'invalid_request_error',
      null,
    );
    return undefined;
  }
  if (typeof body.model !== 'string' || body.model === '') {
    sendError(res, 400, 'you must provide a model parameter', 'invalid_request_error', null);
    return undefined;
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    sendError(res, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter');
    return undefined;
  }
  return { ...body, model: body.model, messages: body.messages };
}

/** A non-streamed answer: one greeting naming the model, and its usage. */
function chatAnswer(body: ChatBody): Record<string, unknown> {
  const last = body.messages[body.messages.length - 1] as { content?: unknown } | undefined;
  const prompt = typeof last?.content === 'string' ? last.content : '';
  const content = `Hello from the RutaAPI sandbox! (${body.model})`;
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  const completionTokens = Math.max(1, Math.ceil(content.length / 4));
  return {
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    service_tier: 'default',
    system_fingerprint: 'fp_sandbox',
  };
}
