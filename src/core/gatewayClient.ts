/**
 * The openai SDK client, with every option explicit so that nothing in the environment changes
 * where requests go or what they carry:
 * - apiKey, baseURL, organization, project, webhookSecret, adminAPIKey are passed (null where
 *   unused), so OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_ORG_ID / OPENAI_PROJECT_ID /
 *   OPENAI_ADMIN_KEY / OPENAI_WEBHOOK_SECRET are never read; logLevel 'off' and a silent logger
 *   override OPENAI_LOG.
 * - OPENAI_CUSTOM_HEADERS cannot be switched off through options, so the fetch wrapper rebuilds
 *   the request headers from scratch: only the headers this module sets are sent.
 * - The wrapper refuses any URL outside the Base URL's origin (a bad Base URL never reaches
 *   api.openai.com), never follows redirects (`redirect: 'manual'`), caps the response body at
 *   MAX_RESPONSE_BYTES and records status, headers, timing and a body prefix for the diagnosis.
 * - Every request says `Accept-Language: en`: new-api gateways (RutaAPI's) answer in Chinese
 *   otherwise; the product's own texts carry the editor's language.
 * - `request(url, init)` sends a plain request (the new-api account endpoints) through the same
 *   guard: same origin only, same headers, same cap, recorded.
 * - maxRetries 0: the engine owns retries and the deadline; the SDK never sleeps.
 * - fetch defaults to globalThis.fetch looked up at call time (VS Code patches it for proxies).
 */
import OpenAI from 'openai';
import { MAX_MODEL_LIST_BYTES, MAX_RESPONSE_BYTES, USER_AGENT } from './constants';

export { USER_AGENT };
/** How much of each response body is kept for the diagnosis (error bodies are small). */
const BODY_PREFIX_BYTES = 64 * 1024;

class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`The response is larger than ${limit} bytes and was cut off.`);
  }
}

class InvalidBaseUrlError extends Error {
  override readonly name = 'InvalidBaseUrlError';
}

class ForeignOriginError extends Error {
  override readonly name = 'ForeignOriginError';
}

/** What the fetch wrapper saw for one request. */
export interface RequestRecord {
  method: string;
  url: string;
  startedAt: number;
  /** Headers actually sent (names, lowercase). */
  sentHeaders: string[];
  requestBytes: number;
  status?: number;
  headers?: Headers;
  headersAt?: number;
  /** Set when the body was cut off at the size cap. */
  tooLarge: boolean;
  bodyBytes: number;
  /** The first BODY_PREFIX_BYTES of the body. */
  bodyPrefix: Uint8Array[];
  bodyPrefixBytes: number;
}

export function bodyPrefixText(record: RequestRecord | undefined): string {
  if (!record || record.bodyPrefix.length === 0) return '';
  return Buffer.concat(record.bodyPrefix.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))).toString('utf8');
}

export interface GatewayClientOptions {
  apiKey: string;
  baseURL: string;
  /** Defaults to globalThis.fetch, looked up at call time. */
  fetch?: typeof globalThis.fetch;
  /** The SDK's own per-request timeout (the engine's deadline is authoritative). */
  timeoutMs: number;
  /** Extra headers to send (the only ones besides authorization, accept, content-type, user-agent). */
  defaultHeaders?: Record<string, string>;
  maxResponseBytes?: number;
  /** The cap for GET {base}/models (default MAX_MODEL_LIST_BYTES; never below maxResponseBytes). */
  maxModelListBytes?: number;
  /**
   * A successful `text/event-stream` answer is handed over as it came, without the capping layer:
   * the caller reads it chunk by chunk and enforces `maxResponseBytes` itself (one stream layer
   * less per chunk; error answers and every other body are still capped and recorded).
   */
  uncappedEventStreams?: boolean;
}

export interface GatewayClient {
  client: OpenAI;
  records: RequestRecord[];
  baseURL: string;
  /** A plain request through the guard (same origin as the Base URL only; the key is sent). */
  request(url: string, init?: { method?: string; signal?: AbortSignal }): Promise<Response>;
}

/** Throws InvalidBaseUrlError unless `url` is an absolute http(s) URL without credentials. */
export function validateBaseURL(url: string | null | undefined): string {
  if (typeof url !== 'string' || url.trim() === '') throw new InvalidBaseUrlError('The Base URL is empty.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidBaseUrlError('The Base URL is not a valid URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new InvalidBaseUrlError('The Base URL must use https://.');
  if (!parsed.hostname) throw new InvalidBaseUrlError('The Base URL has no host.');
  if (parsed.username || parsed.password) throw new InvalidBaseUrlError('The Base URL must not contain credentials.');
  return url;
}

function cappedBody(response: Response, record: RequestRecord, limit: number): Response {
  const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
  if (!response.body || nullBody) return response;
  const source = response.body;
  const declared = Number(response.headers.get('content-length'));
  const reader = source.getReader();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (Number.isFinite(declared) && declared > limit) {
        record.tooLarge = true;
        reader.cancel().catch(() => undefined);
        controller.error(new ResponseTooLargeError(limit));
      }
    },
    async pull(controller) {
      if (record.tooLarge) return;
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      record.bodyBytes += value.byteLength;
      if (record.bodyPrefixBytes < BODY_PREFIX_BYTES) {
        const take = value.subarray(0, BODY_PREFIX_BYTES - record.bodyPrefixBytes);
        record.bodyPrefix.push(take);
        record.bodyPrefixBytes += take.byteLength;
      }
      if (record.bodyBytes > limit) {
        record.tooLarge = true;
        reader.cancel().catch(() => undefined);
        controller.error(new ResponseTooLargeError(limit));
        return;
      }
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The request's URL, refused unless it is on the Base URL's origin. */
function sameOriginTarget(input: string | URL | Request, origin: string): URL {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ForeignOriginError('Refusing a request to an invalid URL.');
  }
  if (target.origin !== origin) throw new ForeignOriginError(`Refusing a request outside the Base URL (${target.origin}).`);
  return target;
}

/**
 * Only the headers we set are sent: anything from OPENAI_CUSTOM_HEADERS (or the SDK's telemetry
 * headers) is dropped here.
 */
function guardHeaders(apiKey: string, hasBody: boolean, extraHeaders: Record<string, string>): Headers {
  const headers = new Headers();
  headers.set('authorization', `Bearer ${apiKey}`);
  headers.set('accept', 'application/json');
  headers.set('user-agent', USER_AGENT);
  headers.set('accept-language', 'en');
  if (hasBody) headers.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  return headers;
}

function newRecord(method: string, target: URL, headers: Headers, body: unknown): RequestRecord {
  return {
    method,
    url: target.href,
    startedAt: Date.now(),
    sentHeaders: Array.from(headers as unknown as Iterable<[string, string]>, ([name]) => name),
    requestBytes: typeof body === 'string' ? Buffer.byteLength(body) : 0,
    tooLarge: false,
    bodyBytes: 0,
    bodyPrefix: [],
    bodyPrefixBytes: 0,
  };
}

/** The SDK client with every option explicit (see the file's comment) and all traffic through `guardedFetch`. */
function sdkClient(
  apiKey: string,
  baseURL: string,
  guardedFetch: typeof globalThis.fetch,
  options: GatewayClientOptions,
  extraHeaders: Record<string, string>,
): OpenAI {
  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  return new OpenAI({
    apiKey,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    baseURL,
    fetch: guardedFetch,
    fetchOptions: { redirect: 'manual' },
    maxRetries: 0,
    timeout: Math.max(1, Math.ceil(options.timeoutMs)),
    logLevel: 'off',
    logger: silent,
    defaultHeaders: extraHeaders,
    defaultQuery: {},
    dangerouslyAllowBrowser: false,
  });
}

/** Builds the SDK client. Throws InvalidBaseUrlError before constructing anything for a bad URL. */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const baseURL = validateBaseURL(options.baseURL);
  if (!options.apiKey) throw new InvalidBaseUrlError('An API key is required.');
  const origin = new URL(baseURL).origin;
  const records: RequestRecord[] = [];
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  /** The model list (GET …/models) may be larger than any other answer (MAX_MODEL_LIST_BYTES). */
  const limitFor = (method: string, target: URL) =>
    method === 'GET' && /\/models\/?$/.test(target.pathname) ? Math.max(limit, options.maxModelListBytes ?? MAX_MODEL_LIST_BYTES) : limit;
  const apiKey = options.apiKey;
  const extraHeaders = { ...(options.defaultHeaders ?? {}) };

  const guardedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = sameOriginTarget(input, origin);
    const body = init?.body ?? undefined;
    const headers = guardHeaders(apiKey, body !== undefined && body !== null, extraHeaders);
    const method = (init?.method ?? 'GET').toUpperCase();
    const record = newRecord(method, target, headers, body);
    records.push(record);
    const impl = options.fetch ?? globalThis.fetch;
    const response = await impl(target.href, {
      method,
      headers,
      body: body as RequestInit['body'],
      signal: init?.signal ?? null,
      redirect: 'manual',
    });
    record.status = response.status;
    record.headers = response.headers;
    record.headersAt = Date.now();
    if (options.uncappedEventStreams && response.ok && /text\/event-stream/i.test(response.headers.get('content-type') ?? ''))
      return response;
    return cappedBody(response, record, limitFor(method, target));
  };

  const client = sdkClient(apiKey, baseURL, guardedFetch as unknown as typeof globalThis.fetch, options, extraHeaders);
  const request = (url: string, init?: { method?: string; signal?: AbortSignal }): Promise<Response> =>
    guardedFetch(url, { method: init?.method ?? 'GET', signal: init?.signal ?? null });
  return { client, records, baseURL, request };
}
