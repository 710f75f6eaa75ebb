/**
 * The other protocols on the same key, as new-api serves them (router/relay-router.go):
 * `POST /v1/responses` (OpenAI Responses, Codex CLI) and `POST /v1/messages` (Anthropic Messages,
 * Claude Code; the key also as `x-api-key`, middleware/auth.go). Errors the middleware sends
 * (unknown key, a key limited to other models, no channel) keep OpenAI's shape on both paths; a
 * relay error on /v1/messages (an empty wallet, a key's own limit) comes in Anthropic's shape,
 * `{"type":"error","error":{"type":"new_api_error","message":"… (request id: …)"}}`, without the
 * error code (controller/relay.go, types/error.go ToClaudeError). A model whose
 * supported_endpoint_types lack the protocol gets the channel's refusal (400).
 */
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from './context';
import { readBody, send, sendError } from './http';
import { SANDBOX_MODEL_TYPES, type SandboxScenario } from './models';
import { MESSAGES, isNewApiScenario, newApiModels, newApiRequestId } from './newApi';
import { newApiChat } from './newApiRoutes';
import { handleStreamingResponses } from './responsesStreaming';

type ProtocolPath = '/v1/responses' | '/v1/messages';

const PROTOCOL: Record<ProtocolPath, string> = { '/v1/responses': 'openai-response', '/v1/messages': 'anthropic' };

/** The key on /v1/messages: `x-api-key` wins over Authorization there, as new-api rewrites it. */
export function messagesKey(req: http.IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function claudeError(res: http.ServerResponse, status: number, message: string): void {
  const id = String(res.getHeader('x-oneapi-request-id') ?? newApiRequestId());
  send(res, status, JSON.stringify({ type: 'error', error: { type: 'new_api_error', message: `${message} (request id: ${id})` } }));
}

/** The relay's refusals in Anthropic's shape on /v1/messages; true when sent. */
function relayRefusal(scenario: SandboxScenario, res: http.ServerResponse): boolean {
  if (scenario === 'wallet') claudeError(res, 403, MESSAGES.walletEmpty());
  else if (scenario === 'keylimit') claudeError(res, 403, MESSAGES.keyQuota(1200, 4800));
  else return false;
  return true;
}

function answer(path: ProtocolPath, model: string): Record<string, unknown> {
  const text = `Hello from the RutaAPI sandbox! (${model})`;
  if (path === '/v1/messages') {
    return {
      id: `msg_${randomBytes(12).toString('hex')}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 12 },
    };
  }
  return {
    id: `resp_${randomBytes(12).toString('hex')}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model,
    output: [
      {
        type: 'message',
        id: `msg_${randomBytes(8).toString('hex')}`,
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    usage: { input_tokens: 5, output_tokens: 12, total_tokens: 17 },
  };
}

export async function handleProtocol(
  ctx: SandboxContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  scenario: SandboxScenario,
  path: ProtocolPath,
): Promise<void> {
  ctx.stats.protocolRequests[path] += 1;
  const raw = await readBody(req);
  if (ctx.closing() || res.destroyed) return;
  let parsed: { model?: unknown; stream?: unknown; input?: unknown; tools?: unknown; tool_choice?: unknown } = {};
  try {
    parsed = (JSON.parse(raw) as typeof parsed | null) ?? {};
  } catch {
    parsed = {};
  }
  const model = parsed.model;
  if (typeof model !== 'string' || model === '')
    return sendError(res, 400, 'you must provide a model parameter', 'invalid_request_error', null);
  if (newApiChatBefore(scenario, path, model, req, res)) return;
  if (!ctx.modelsFor(scenario).includes(model)) {
    return sendError(
      res,
      404,
      `The model \`${model}\` does not exist or you do not have access to it.`,
      'invalid_request_error',
      'model_not_found',
    );
  }
  const types = SANDBOX_MODEL_TYPES[model];
  if (isNewApiScenario(scenario) && types && !types.includes(PROTOCOL[path])) {
    const message = `model ${model} does not support ${path} (supported_endpoint_types: ${types.join(', ')})`;
    if (path === '/v1/messages') return claudeError(res, 400, message);
    return sendError(
      res,
      400,
      `${message} (request id: ${String(res.getHeader('x-oneapi-request-id') ?? '')})`,
      'new_api_error',
      'invalid_request',
    );
  }
  if (path === '/v1/responses' && parsed.stream === true)
    return handleStreamingResponses(res, { ...parsed, model }, { later: ctx.later, onStream: ctx.onStream });
  send(res, 200, JSON.stringify(answer(path, model)));
}

/** new-api's middleware refusals (OpenAI's shape), then the relay's (Anthropic's shape on /v1/messages). */
function newApiChatBefore(
  scenario: SandboxScenario,
  path: ProtocolPath,
  model: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean {
  const routed = SANDBOX_MODEL_TYPES[model] !== undefined && isNewApiScenario(scenario) && newApiModels(scenario).includes(model);
  if (path === '/v1/messages' && routed && relayRefusal(scenario, res)) return true;
  return newApiChat(scenario, model, req, res);
}
