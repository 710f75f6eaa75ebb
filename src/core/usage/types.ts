/**
 * One request on the key, as the product keeps it: the fields of a new-api log row
 * (`GET {origin}/api/log/token`, model/log.go `type Log` and the `other` map of
 * service/log_info_generate.go) that say what it cost and how fast it was. No free text: the row's
 * `content`, `ip`, `group`, `token_name` and `other`'s ratios are never kept, so no prompt or
 * message text can reach storage, the view or an export.
 */

/** new-api's log types the ledger keeps (model/log.go): 2 consume, 5 error, 6 refund. */
export const LOG_TYPE = { consume: 2, error: 5, refund: 6 } as const;
export type UsageRowType = (typeof LOG_TYPE)[keyof typeof LOG_TYPE];

/** Which API the request used, from `other.request_path` (hence which kind of tool sent it). */
export const USAGE_PROTOCOLS = [
  'chat',
  'responses',
  'messages',
  'gemini',
  'completions',
  'embeddings',
  'images',
  'audio',
  'rerank',
  'other',
  'unknown',
] as const;
export type UsageProtocol = (typeof USAGE_PROTOCOLS)[number];

export interface UsageEntry {
  /** The merge key: `request_id`, or a key made of the row's own fields when the gateway sent none. */
  id: string;
  /** `created_at`, unix seconds. */
  time: number;
  type: UsageRowType;
  model: string;
  /** `other.upstream_model_name` when the gateway mapped the model to another one, else ''. */
  upstream: string;
  protocol: UsageProtocol;
  promptTokens: number;
  completionTokens: number;
  /** `other.cache_tokens` (cached prompt tokens read). */
  cachedTokens: number;
  /** Raw quota units (`quota`); money via the site's display unit. */
  quota: number;
  /** `use_time`, seconds. */
  useTimeS: number;
  /** `other.frt`, ms to the first token; -1 when the gateway did not say. */
  firstTokenMs: number;
  stream: boolean;
  /** True when the extension's own chat provider sent it (its X-Oneapi-Request-Id was recorded). */
  vscodeChat: boolean;
}
