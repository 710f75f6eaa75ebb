/**
 * The RutaAPI language model chat provider (VS Code 1.104+): the saved, verified connection's
 * models in the chat model picker and in `vscode.lm.selectChatModels({ vendor: 'rutaapi' })`.
 * Lives in the lazily loaded dist/lm.js (src/host/lm/entry.ts); src/host/lm/register.ts (in
 * dist/host.js) registers a small stand-in that loads this on the first call.
 *
 * - Models: the ids of the saved connection's last successful verification (`/models`, cached per
 *   Base URL in the ModelCache); none while there is no key or the verification failed (a
 *   non-silent request then opens Configure RutaAPI).
 * - Chat: the saved key through the origin gate (`Connection.savedKeyFor`, never interactive
 *   here), the engine's pre-flight checks, then core/lm/chat's stream with the openai SDK client
 *   from dist/gateway.js. Failures are diagnoses (core/lm/errors.ts); the log gets the request id;
 *   a failure that means the saved connection is broken (401, no credits …) re-verifies it so the
 *   status bar follows.
 * - Tokens: core/lm/tokens' estimate (no tokenizer in the extension).
 */
import { analyzeApiKey } from '../../core/apiKey';
import { analyzeBaseUrl } from '../../core/baseUrl';
import { diagnosePreflight } from '../../core/diagnosis';
import type { GatewayClient, GatewayClientOptions } from '../../core/gatewayClient';
import { streamChat, type StreamChatResult } from '../../core/lm/chat';
import { CONNECTION_CODES, ChatFailure, chatFailure, diagnoseNoSavedKey, diagnoseOriginNotApproved } from '../../core/lm/errors';
import { readModelLimitsSetting, resolveModelLimits, type ModelLimitsSetting } from '../../core/lm/limits';
import { buildChatRequest, type ChatRequestBody } from '../../core/lm/messages';
import { buildResponsesRequest, type ResponsesRequestBody } from '../../core/lm/responsesRequest';
import { servesResponsesOnly } from '../../core/modelProtocols';
import { estimateMessageTokens, estimateTokens } from '../../core/lm/tokens';
import { t } from '../../core/l10n';
import type { ConnectionState } from '../connection/connectionState';
import type { KeyGrant } from '../connection/keyGate';
import { shown } from '../shared/shown';
import { savedModelEndpoints, savedModelIds } from './models';
import { toLmMessages } from './parts';
import type {
  LanguageModelChatInformation,
  LanguageModelChatProvider,
  LanguageModelChatRequestMessage,
  LanguageModelResponsePartLike,
  LmCancellationToken,
  LmProgress,
  LmVscode,
  PrepareLanguageModelChatModelOptions,
  ProvideLanguageModelChatResponseOptions,
} from './vscode-lm';

/** LanguageModelChatToolMode.Required */
const TOOL_MODE_REQUIRED = 2;
/** A failing chat re-verifies the saved connection at most this often. */
const REVERIFY_AFTER_FAILURE_MS = 30_000;

export interface LmLogger {
  info(message: string, extra?: unknown): void;
  warn(message: string, extra?: unknown): void;
  error(message: string, extra?: unknown): void;
}

/** What the provider needs from dist/gateway.js (its one loader, shape-checked, is in src/host/startHost.ts). */
export interface LmGatewayModule {
  createGatewayClient(options: GatewayClientOptions): GatewayClient;
}

/** What the provider needs from the host (the real objects satisfy these shapes). */
export interface LmProviderDeps {
  vs: LmVscode;
  connection: {
    readonly state: ConnectionState;
    savedKeyFor(baseUrl: string, opts: { interactive: boolean }): Promise<KeyGrant>;
    verifySaved(opts: { force?: boolean; reason?: string }): Promise<unknown>;
  };
  settings: { readonly baseUrl: string; readonly model: string; readonly timeoutMs: number; readonly useBaseUrlAsEntered: boolean };
  /** The raw `rutaapi.modelLimits` value. */
  modelLimits(): unknown;
  cache: { get(baseUrl: string): { models: string[] } | undefined };
  loadGateway(): Promise<LmGatewayModule>;
  logger: LmLogger;
  configureCommand: string;
  /** Each chat request's `X-Oneapi-Request-Id` (usage/chatRequestIds.ts): its row in the usage view is "VS Code chat". */
  onRequestId?(id: string): void;
  /** Tests and benchmarks. */
  fetch?: typeof globalThis.fetch;
  now?: () => number;
}

/** LanguageModelChatInformation for one id (the contract: id = family = the gateway's id). */
function modelInformation(
  id: string,
  opts: { defaultModel: string; limits: ModelLimitsSetting; host: string },
): LanguageModelChatInformation {
  const limits = resolveModelLimits(id, opts.limits);
  const isDefault = id === opts.defaultModel;
  const label = shown(id, 'label');
  const source =
    limits.fromSetting.length > 0
      ? t('limits from rutaapi.modelLimits')
      : limits.origin === 'table'
        ? t('limits of the {0} family', limits.family ?? '')
        : t('default limits (set rutaapi.modelLimits for this model)');
  const tooltip = [
    t('{0} through RutaAPI ({1})', label, shown(opts.host, 'label')),
    t('Input up to {0} tokens, output up to {1} tokens: {2}.', limits.maxInputTokens, limits.maxOutputTokens, source),
    ...(isDefault ? [t('Default model (rutaapi.model).')] : []),
  ].join('\n');
  return {
    id,
    name: label,
    family: id,
    version: '1',
    detail: isDefault ? t('RutaAPI · default') : 'RutaAPI',
    tooltip,
    maxInputTokens: limits.maxInputTokens,
    maxOutputTokens: limits.maxOutputTokens,
    capabilities: { toolCalling: limits.toolCalling, imageInput: limits.imageInput },
  };
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

interface CheckedConnection {
  base: ReturnType<typeof analyzeBaseUrl>;
  key: ReturnType<typeof analyzeApiKey>;
}

type RequestBody = ChatRequestBody | ResponsesRequestBody;

/**
 * The request's body for the gateway: a chat completion (core/lm/messages), or a Responses API
 * request (core/lm/responsesRequest) for a model the gateway lists only for the Responses API.
 */
function chatBody(
  modelId: string,
  messages: readonly LanguageModelChatRequestMessage[],
  options: ProvideLanguageModelChatResponseOptions,
  imageInput: boolean,
  api: 'chat' | 'responses',
): RequestBody {
  const request = {
    model: modelId,
    messages: toLmMessages(messages),
    tools: options?.tools,
    toolMode: options?.toolMode === TOOL_MODE_REQUIRED ? ('required' as const) : ('auto' as const),
    modelOptions: options?.modelOptions,
    imageInput,
  };
  return api === 'responses' ? buildResponsesRequest(request) : buildChatRequest(request);
}

/** The log line of a chat that ended (finished or cancelled): timings, sizes and the request id. */
function chatLogLine(modelId: string, result: StreamChatResult, body: RequestBody): string {
  const s = result.summary;
  return (
    `lm chat ${result.cancelled ? 'cancelled' : 'ok'}: model=${modelId} status=${result.status ?? '-'} first=${result.firstPartMs ?? '-'}ms total=${result.totalMs}ms` +
    (s
      ? ` finish=${s.finishReason ?? '-'} chars=${s.textChars} toolCalls=${s.toolCalls} usage=${s.usage?.promptTokens ?? '-'}/${s.usage?.completionTokens ?? '-'}`
      : '') +
    ` tools=${body.tools?.length ?? 0}${'input' in body ? ' api=responses' : ''} req=${result.requestId ?? '-'}`
  );
}

/** Anything but a diagnosis (a bug, a broken bundle) as the diagnosis the chat shows. */
function unexpectedFailure(error: unknown, secrets: readonly string[]): ChatFailure {
  return chatFailure(
    {
      code: 'network_error',
      severity: 'error',
      title: t('The request could not be made'),
      detail: t(
        'RutaAPI Connect could not send the request: {0}. Reinstall the extension and check the RutaAPI log.',
        error instanceof Error ? error.message : String(error),
      ),
      fixes: [],
      evidence: {},
      short: t('Error'),
    },
    secrets,
  );
}

export class RutaLmProvider implements LanguageModelChatProvider {
  private lastReverify = -Infinity;

  constructor(private readonly d: LmProviderDeps) {}

  private limits(): ModelLimitsSetting {
    try {
      return readModelLimitsSetting(this.d.modelLimits());
    } catch {
      return {};
    }
  }

  async provideLanguageModelChatInformation(
    options: PrepareLanguageModelChatModelOptions,
    _token: LmCancellationToken,
  ): Promise<LanguageModelChatInformation[]> {
    const ids = savedModelIds(this.d.connection.state, this.d.settings, this.d.cache);
    if (ids === undefined || ids.length === 0) {
      if (options?.silent === false) {
        this.d.logger.info('lm: no verified RutaAPI connection; opening Configure RutaAPI');
        void Promise.resolve(this.d.vs.commands.executeCommand(this.d.configureCommand)).then(undefined, (e: unknown) =>
          this.d.logger.warn('lm: could not open Configure RutaAPI', e),
        );
      }
      return [];
    }
    const defaultModel = this.d.settings.model;
    const limits = this.limits();
    const host = hostOf(this.d.settings.baseUrl);
    const unique = [...new Set(ids)];
    // The saved model first: it is the one the person verified.
    unique.sort((a, b) => Number(b === defaultModel) - Number(a === defaultModel));
    return unique.map((id) => modelInformation(id, { defaultModel, limits, host }));
  }

  async provideTokenCount(
    _model: LanguageModelChatInformation,
    text: string | LanguageModelChatRequestMessage,
    _token: LmCancellationToken,
  ): Promise<number> {
    if (typeof text === 'string') return estimateTokens(text);
    const [message] = toLmMessages([text]);
    return message ? estimateMessageTokens(message) : 0;
  }

  /**
   * The saved key through the origin gate (never interactive here) and the engine's pre-flight
   * checks: the analysed Base URL and key, or a ChatFailure. Each form of the key joins `secrets`.
   */
  private async checkedConnection(baseUrl: string, modelId: string, secrets: string[]): Promise<CheckedConnection> {
    const d = this.d;
    const grant = await d.connection.savedKeyFor(baseUrl, { interactive: false });
    if (grant.kind === 'noKey' || grant.kind === 'keychainError') throw chatFailure(diagnoseNoSavedKey());
    if (grant.kind === 'needsApproval') throw chatFailure(diagnoseOriginNotApproved(grant.origin));
    if (grant.kind === 'noOrigin')
      throw chatFailure(
        diagnosePreflight(analyzeBaseUrl(baseUrl, { asEntered: d.settings.useBaseUrlAsEntered }), analyzeApiKey(''), {
          model: modelId,
        }) ?? diagnoseOriginNotApproved(baseUrl),
      );
    secrets.push(grant.key);
    const base = analyzeBaseUrl(baseUrl, { asEntered: d.settings.useBaseUrlAsEntered });
    const key = analyzeApiKey(grant.key);
    if (key.cleaned) secrets.push(key.cleaned);
    const pre = diagnosePreflight(base, key, { model: modelId });
    if (pre) throw chatFailure(pre, secrets);
    return { base, key };
  }

  async provideLanguageModelChatResponse(
    model: LanguageModelChatInformation,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: LmProgress<LanguageModelResponsePartLike>,
    token: LmCancellationToken,
  ): Promise<void> {
    if (token?.isCancellationRequested) return;
    const d = this.d;
    const modelId = String(model?.id ?? '');
    const baseUrl = d.settings.baseUrl;
    const secrets: string[] = [];
    const controller = new AbortController();
    const cancel = token?.onCancellationRequested?.(() => controller.abort());
    try {
      const { base, key } = await this.checkedConnection(baseUrl, modelId, secrets);
      const limits = resolveModelLimits(modelId, this.limits());
      const api = servesResponsesOnly(modelId, savedModelEndpoints(d.connection.state, d.settings, d.cache)) ? 'responses' : 'chat';
      const body = chatBody(modelId, messages, options, limits.imageInput, api);
      if (controller.signal.aborted) return;
      const gateway = await d.loadGateway();
      const known = savedModelIds(d.connection.state, d.settings, d.cache);
      const result: StreamChatResult = await streamChat({
        createClient: gateway.createGatewayClient,
        apiKey: key.cleaned as string,
        baseURL: base.normalized as string,
        body,
        api,
        signal: controller.signal,
        idleTimeoutMs: d.settings.timeoutMs,
        fetch: d.fetch,
        knownModels: known,
        // Dropped or renumbered tool calls (the text is inert: no invisible characters, never the key).
        onNote: (note) => d.logger.warn(note),
        onPart: (part) => {
          if (part.kind === 'text') progress.report(new d.vs.LanguageModelTextPart(part.value));
          else progress.report(new d.vs.LanguageModelToolCallPart(part.callId, part.name, part.input));
        },
      });
      if (result.requestId) d.onRequestId?.(result.requestId);
      d.logger.info(chatLogLine(modelId, result, body));
    } catch (error) {
      const failure = error instanceof ChatFailure ? error : unexpectedFailure(error, secrets);
      if (failure.requestId) d.onRequestId?.(failure.requestId);
      d.logger.warn(
        `lm chat failed: model=${modelId} ${failure.diagnosis.code} status=${failure.diagnosis.evidence.status ?? '-'} req=${failure.requestId ?? '-'}: ${failure.diagnosis.title}`,
      );
      if (CONNECTION_CODES.has(failure.diagnosis.code)) this.reverify(failure.diagnosis.code);
      throw failure;
    } finally {
      cancel?.dispose();
    }
  }

  /** The saved connection looks broken: check it again so the status bar tells the truth. */
  private reverify(code: string): void {
    const now = (this.d.now ?? Date.now)();
    if (now - this.lastReverify < REVERIFY_AFTER_FAILURE_MS) return;
    this.lastReverify = now;
    void Promise.resolve(this.d.connection.verifySaved({ force: true, reason: `chat request failed: ${code}` })).then(
      undefined,
      () => undefined,
    );
  }
}
