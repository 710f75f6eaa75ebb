/** The models every working sandbox key sees on GET /v1/models (docs/CONTRACTS.md). */
export const SANDBOX_MODELS: readonly string[] = [
  'gpt-4o-mini',
  'gpt-4.1',
  'claude-3-5-sonnet-20241022',
  'deepseek-chat',
  'llama-3.3-70b-instruct',
];

/**
 * What each sandbox model serves, as new-api names it in /v1/models (`supported_endpoint_types`,
 * constant/endpoint_type.go): chat only, chat and the Responses API (Codex), Anthropic Messages
 * (Claude Code) and chat. Only the new-api scenarios send the field; the others answer as OpenAI does.
 */
export const SANDBOX_MODEL_TYPES: Readonly<Record<string, readonly string[]>> = {
  'gpt-4o-mini': ['openai', 'openai-response'],
  'gpt-4.1': ['openai', 'openai-response'],
  'claude-3-5-sonnet-20241022': ['anthropic', 'openai'],
  'deepseek-chat': ['openai'],
  'llama-3.3-70b-instruct': ['openai'],
  'codex-mini-latest': ['openai-response'],
  'text-embedding-3-small': ['embeddings'],
  'dall-e-3': ['image-generation'],
  'jina-reranker-v2-base-multilingual': ['jina-rerank'],
};

/**
 * The `kinds` scenario adds a model of each other kind to the sandbox models: one served only
 * through the Responses API (the chat provider speaks it), an embedding, an image and a rerank
 * model (none of them can chat: the panel lists them apart, the chat never offers them).
 */
export const KIND_MODELS: readonly string[] = [
  'codex-mini-latest',
  'text-embedding-3-small',
  'dall-e-3',
  'jina-reranker-v2-base-multilingual',
];

/** Key prefix: `sk-ruta-sandbox-<scenario>-<anything>`. */
export const SANDBOX_KEY_PREFIX = 'sk-ruta-sandbox-';

/** The scenarios that behave like new-api end to end (only `X-Oneapi-Request-Id`, new-api bodies). */
export const NEW_API_SCENARIOS = [
  'unlimited',
  'limited',
  'exhausted',
  'expired',
  'disabled',
  'wallet',
  'keylimit',
  'modellimit',
  'nochannel',
  'invalid',
  'logsoff',
  'limiterfull',
  'kinds',
] as const;
export type NewApiScenario = (typeof NEW_API_SCENARIOS)[number];

export const SANDBOX_SCENARIOS = [
  'ok',
  'nocredits',
  'forbidden',
  'ratelimited',
  'ratelimited60',
  'down',
  'noretry',
  'servererror',
  'html',
  'nodata',
  'empty',
  'many',
  'models100k',
  'huge',
  'badjson',
  'nonutf8',
  'blackhole',
  'slowbody',
  'reset',
  'redirect',
  'redirect301',
  'hostile',
  // new-api (RutaAPI's gateway) scenarios: only X-Oneapi-Request-Id, new-api error bodies (src/sandbox/newApi.ts)
  ...NEW_API_SCENARIOS,
] as const;

export type SandboxScenario = (typeof SANDBOX_SCENARIOS)[number];

/** One line per scenario, printed by `npm run sandbox` and mirrored in CONTRIBUTING.md (Sandbox gateway). */
export const SANDBOX_SCENARIO_HELP: Record<SandboxScenario, string> = {
  ok: 'works: /v1/models lists the sandbox models, chat answers',
  nocredits: '403 insufficient_quota (no balance)',
  forbidden: '403 permission_error (the key may not use this route), credits are fine',
  ratelimited: '429 rate_limit_exceeded, Retry-After: 7',
  ratelimited60: '429 rate_limit_exceeded, Retry-After: 60',
  down: '503 route temporarily unavailable',
  noretry: '503 with x-should-retry: false',
  servererror: '500 server error',
  html: '200 text/html page instead of JSON',
  nodata: '200 JSON without a data array',
  empty: '200 with an empty model list',
  many: '10,000 models',
  models100k: '100,000 models (about 10 MB of /v1/models), chat answers',
  huge: 'a 33 MB body (over the 32 MB model-list cap)',
  badjson: '200 application/json with invalid JSON',
  nonutf8: '200 body with invalid UTF-8 bytes',
  blackhole: 'accepts the connection, never answers',
  slowbody: 'headers at once, body trickles past any deadline',
  reset: 'connection reset mid-body',
  redirect: '302 to https://app.rutaapi.com/',
  redirect301: '301 to https://app.rutaapi.com/',
  hostile:
    '429 from a hostile gateway: Retry-After of 400 digits, escape codes, the key echoed in base64 and with invisible or fullwidth characters',
  unlimited: 'new-api: works; an unlimited key that has used 3.21 USD',
  limited: 'new-api: works; a limited key: 20 USD granted, 7.50 used, 12.50 left, expires 2030-01-01',
  exhausted: "new-api: 401 Invalid token; /api/usage/token/ shows the key's limit used up",
  expired: 'new-api: 401 Invalid token; /api/usage/token/ shows it expired on 2024-01-01',
  disabled: 'new-api: 401 Invalid token; /api/usage/token/ shows a known key, neither spent nor expired',
  wallet: 'new-api: models work; chat 403 insufficient_user_quota (hard-coded Chinese message)',
  keylimit: "new-api: models work; chat 403 pre_consume_token_quota_failed (the key's own limit)",
  modellimit: 'new-api: key limited to gpt-4o-mini and deepseek-chat; other models 403 "no access to model"',
  nochannel: 'new-api: claude-3-5-sonnet-20241022 is listed but chat gets 503 model_not_found (no channel)',
  invalid: 'new-api: 401 Invalid token for a key the gateway does not know (also on /api/usage/token/)',
  logsoff: 'new-api: works, but the operator turned consume logs off: /api/log/token answers no rows',
  limiterfull: 'new-api: works, but /api/log/token and /api/usage/token/ answer 429 (the shared 20-per-20-minutes bucket is spent)',
  kinds:
    'new-api: works; /v1/models also lists a Responses-only model (codex-mini-latest, streamed on /v1/responses), an embedding, an image and a rerank model',
};

/** Parses a sandbox key; undefined for any other key (which gets 401 invalid_api_key). */
export function scenarioForKey(key: string | undefined): SandboxScenario | undefined {
  if (!key || !key.startsWith(SANDBOX_KEY_PREFIX)) return undefined;
  const rest = key.slice(SANDBOX_KEY_PREFIX.length);
  const name = rest.split('-')[0];
  return (SANDBOX_SCENARIOS as readonly string[]).includes(name) ? (name as SandboxScenario) : undefined;
}

/** How many models the `models100k` scenario lists. */
export const MODELS_100K = 100_000;

/** The ids the `many` scenario lists: the sandbox models first, 10,000 in all (`models100k`: MODELS_100K). */
export function manyModelIds(count = 10_000): string[] {
  const ids = [...SANDBOX_MODELS];
  for (let i = ids.length; i < count; i++) ids.push(`sandbox-model-${String(i).padStart(5, '0')}`);
  return ids;
}
