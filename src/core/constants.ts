export const RUTAAPI_BASE_URL = 'https://api.rutaapi.com/v1';
export const RUTAAPI_API_HOST = 'api.rutaapi.com';
export const RUTAAPI_MARKETING_HOSTS = ['rutaapi.com', 'www.rutaapi.com'] as const;
export const RUTAAPI_DASHBOARD_HOST = 'app.rutaapi.com';
export const RUTAAPI_DASHBOARD_URL = 'https://app.rutaapi.com';
/** Sent with every request (the API, discovery, the key's figures). */
export const USER_AGENT = 'RutaAPI-Connect/0.1';
/** One unauthenticated GET {origin}/api/status per origin and session, within this budget. */
export const DISCOVERY_BUDGET_MS = 2_000;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const CHAT_TEST_MESSAGE = 'Hello from RutaAPI';
export const CHAT_TEST_MAX_TOKENS = 16;
/** Responses larger than this are cut off with a clear message rather than buffered. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/**
 * GET {base}/models alone may be larger: a gateway listing 100,000 models sends about 10 MB (15 MB
 * with new-api's extra fields per model), and that list is the user's, not a wrong URL's page.
 */
export const MAX_MODEL_LIST_BYTES = 32 * 1024 * 1024;
