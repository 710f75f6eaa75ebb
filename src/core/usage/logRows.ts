/**
 * new-api's `/api/log/token` answer (controller/log.go `GetLogByKey`): `{"success":true,"data":[Log…]}`,
 * newest first, at most 1000 rows. Each row is checked with zod/mini; a row that does not fit (a
 * missing or mistyped field, an `other` that is not a JSON object) is dropped and counted, never
 * guessed. Rows of other types (top-ups, management, system) are skipped without counting them.
 */
import * as z from 'zod/mini';
import { inertText } from '../inertText';
import { LOG_TYPE, type UsageEntry, type UsageProtocol, type UsageRowType } from './types';

const MAX_MODEL_CHARS = 200;
const MAX_ID_CHARS = 200;
const MAX_OTHER_CHARS = 16_384;

const count = () => z.number().check(z.nonnegative());
const optionalString = (max: number) => z.optional(z.string().check(z.maxLength(max)));

function schemas() {
  const Row = z.object({
    created_at: z.number().check(z.int(), z.positive()),
    type: z.number().check(z.int()),
    model_name: z.string().check(z.maxLength(MAX_MODEL_CHARS)),
    quota: z.number(),
    prompt_tokens: count(),
    completion_tokens: count(),
    use_time: count(),
    is_stream: z.optional(z.boolean()),
    request_id: optionalString(MAX_ID_CHARS),
    other: optionalString(MAX_OTHER_CHARS),
  });
  const Other = z.object({
    frt: z.optional(z.number()),
    cache_tokens: z.optional(count()),
    is_model_mapped: z.optional(z.boolean()),
    upstream_model_name: optionalString(MAX_MODEL_CHARS),
    request_path: optionalString(2048),
  });
  return { Row, Other };
}

let built: ReturnType<typeof schemas> | undefined;
const S = (): ReturnType<typeof schemas> => (built ??= schemas());

export type LogAnswer =
  | { ok: true; entries: UsageEntry[]; dropped: number }
  /** `success: false` (the gateway's message is not kept: it may be in Chinese and says nothing the product can act on). */
  | { ok: false; reason: 'refused' | 'not_log_answer' };

/** Which API a `request_path` belongs to (router/relay-router.go). */
export function protocolOf(path: string | undefined): UsageProtocol {
  if (!path) return 'unknown';
  const p = path.split('?')[0].toLowerCase();
  if (/\/chat\/completions$/.test(p)) return 'chat';
  if (/\/responses(\/compact)?$/.test(p)) return 'responses';
  if (/\/messages(\/count_tokens)?$/.test(p)) return 'messages';
  if (p.startsWith('/v1beta/') || (p.includes('/models/') && p.includes(':'))) return 'gemini';
  if (/\/completions$/.test(p)) return 'completions';
  if (/\/embeddings$/.test(p)) return 'embeddings';
  if (p.includes('/images/')) return 'images';
  if (p.includes('/audio/')) return 'audio';
  if (p.includes('rerank')) return 'rerank';
  return 'other';
}

const KEPT_TYPES: ReadonlySet<number> = new Set(Object.values(LOG_TYPE));

type Other = z.infer<ReturnType<typeof schemas>['Other']>;

function parseOther(text: string | undefined): Other | undefined {
  if (text === undefined || text === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (json === null) return {};
  const parsed = S().Other.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** Gateway text made inert (no control, invisible or bidi characters), as everywhere text from the network is shown. */
const clean = (s: string): string => inertText(s.trim(), { maxChars: MAX_MODEL_CHARS });

/** One row as a ledger entry; null when it does not fit; 'skip' for a type the ledger does not keep. */
export function entryOfRow(row: unknown): UsageEntry | null | 'skip' {
  const parsed = S().Row.safeParse(row);
  if (!parsed.success) return null;
  const r = parsed.data;
  if (!KEPT_TYPES.has(r.type)) return 'skip';
  const other = parseOther(r.other);
  if (!other) return null;
  const model = clean(r.model_name);
  const upstream = other.upstream_model_name ? clean(other.upstream_model_name) : '';
  const requestId = r.request_id ? clean(r.request_id) : '';
  const frt = typeof other.frt === 'number' && Number.isFinite(other.frt) && other.frt >= 0 ? Math.round(other.frt) : -1;
  return {
    id: requestId || `${r.created_at}|${r.type}|${model}|${r.quota}|${r.prompt_tokens}|${r.completion_tokens}|${r.use_time}`,
    time: r.created_at,
    type: r.type as UsageRowType,
    model,
    upstream: upstream && upstream !== model ? upstream : '',
    protocol: protocolOf(other.request_path),
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    cachedTokens: other.cache_tokens ?? 0,
    quota: r.quota,
    useTimeS: r.use_time,
    firstTokenMs: frt,
    stream: r.is_stream === true,
    vscodeChat: false,
  };
}

/** The answer's rows as entries (newest first, as sent), with the number of rows dropped. */
export function parseLogAnswer(json: unknown): LogAnswer {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { ok: false, reason: 'not_log_answer' };
  const root = json as { success?: unknown; data?: unknown };
  if (root.success === false) return { ok: false, reason: 'refused' };
  if (root.success !== true) return { ok: false, reason: 'not_log_answer' };
  const data = root.data ?? [];
  if (!Array.isArray(data)) return { ok: false, reason: 'not_log_answer' };
  const entries: UsageEntry[] = [];
  let dropped = 0;
  for (const row of data) {
    const entry = entryOfRow(row);
    if (entry === null) dropped++;
    else if (entry !== 'skip') entries.push(entry);
  }
  return { ok: true, entries, dropped };
}
