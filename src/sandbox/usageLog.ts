/**
 * new-api's `GET /api/log/token` (controller/log.go `GetLogByKey`, model/log.go `type Log`,
 * `formatUserLogs` and `GetLogByTokenId`, service/log_info_generate.go `GenerateTextOtherInfo`
 * for a consume row's `other`, controller/relay.go `processChannelError` for an error row's): the
 * key's rows newest first, at most 1000 (`common.MaxRecentItems`), ids renumbered 1..n on every
 * answer, `other` a JSON string (keys sorted, as Go writes a map) without `admin_info`,
 * `channel_name` blanked. Behind the same CriticalRateLimit bucket as `/api/usage/token/` (429
 * with an empty body); read-only auth, so a spent, expired or disabled key still reads its rows;
 * an unknown key gets 401 `Invalid token`. Each key has a generated history over 60 days (several
 * models, mapped ones among them, a few errors, retried requests whose error rows share the paid
 * row's request id, and refunds without one); the sandbox's own chat requests are
 * appended with their request ids. Scenario keys: `logsoff` (consume logs turned off: no rows, and
 * chats are not recorded) and `limiterfull` (the shared bucket already spent by other tools: 429).
 */
import type * as http from 'node:http';
import { send } from './http';
import { scenarioForKey } from './models';
import { authorizeTokenRead } from './tokenAuth';

/** `common.MaxRecentItems`. */
export const LOG_ANSWER_ROWS = 1000;
/** Generated requests per key (their rows are more than one answer holds, so the cap shows). */
const GENERATED_ROWS = 1500;
const DAY_S = 86_400;

/** What a row is made from (the sandbox's own record, before an answer numbers it). */
export interface SandboxLogRow {
  created_at: number;
  type: 2 | 5 | 6;
  model_name: string;
  quota: number;
  prompt_tokens: number;
  completion_tokens: number;
  use_time: number;
  is_stream: boolean;
  request_id: string;
  frt: number;
  cache_tokens: number;
  upstream_model_name?: string;
  request_path: string;
}

/** model, upstream model when the operator maps it, quota per 1K tokens. */
const MODELS: ReadonlyArray<[string, string | undefined, number]> = [
  ['gpt-4o-mini', undefined, 150],
  ['gpt-4o', undefined, 2_500],
  ['deepseek-chat', 'deepseek-v3', 300],
  ['claude-3-5-sonnet-20241022', 'claude-sonnet-4-5', 3_000],
];
const PATHS = ['/v1/chat/completions', '/v1/chat/completions', '/v1/responses', '/v1/messages'] as const;

/** A small seeded generator (mulberry32): the same history on every start. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The rows one generated request leaves, oldest first. As new-api writes them: Relay
 * (controller/relay.go) calls processChannelError after every failed attempt, and RecordErrorLog
 * gives each error row (5: no tokens, no quota) the request's own id, which the successful retry's
 * consume row (2) carries too; a refund (6, RecordTaskBillingLog) has no request id and gives
 * quota back, nothing else.
 */
function generatedRequest(rnd: () => number, created: number, requestId: string): SandboxLogRow[] {
  const [model, upstream, per1k] = MODELS[Math.floor(rnd() * MODELS.length)];
  const prompt = 200 + Math.floor(rnd() * 4000);
  const completion = 20 + Math.floor(rnd() * 800);
  const roll = rnd();
  const useTime = 1 + Math.floor(rnd() * 20);
  const stream = rnd() < 0.8;
  const base = {
    model_name: model,
    quota: Math.round(((prompt + completion) / 1000) * per1k),
    use_time: useTime,
    is_stream: stream,
    request_id: requestId,
    frt: Math.floor(150 + rnd() * 1800),
    cache_tokens: rnd() < 0.3 ? Math.floor(prompt / 2) : 0,
    ...(upstream ? { upstream_model_name: upstream } : {}),
    request_path: PATHS[Math.floor(rnd() * PATHS.length)],
  };
  const consume: SandboxLogRow = { ...base, created_at: created, type: 2, prompt_tokens: prompt, completion_tokens: completion };
  const error = (at: number): SandboxLogRow => ({ ...base, created_at: at, type: 5, quota: 0, prompt_tokens: 0, completion_tokens: 0 });
  // 1%: every attempt failed; 1.5%: retried and paid (two failed attempts within one second, or one);
  // 1%: a refund.
  if (roll < 0.01) return [error(created)];
  if (roll < 0.025) return roll < 0.0175 ? [error(created - 1), error(created - 1), consume] : [error(created - 1), consume];
  if (roll < 0.035)
    return [
      { ...base, created_at: created, type: 6, use_time: 0, is_stream: false, request_id: '', prompt_tokens: 0, completion_tokens: 0 },
    ];
  return [consume];
}

/** 60 days of rows ending at `nowS`, oldest first. */
export function generatedHistory(nowS: number, seed = 18): SandboxLogRow[] {
  const rnd = random(seed);
  const rows: SandboxLogRow[] = [];
  for (let i = 0; i < GENERATED_ROWS; i++) {
    const created = nowS - 60 * DAY_S + Math.floor(((i + rnd()) / GENERATED_ROWS) * 60 * DAY_S);
    rows.push(...generatedRequest(rnd, created, `2025${String(i).padStart(8, '0')}sandbox${seed}`));
  }
  return rows;
}

/** A map as Go's encoding/json writes it: keys sorted. */
function goJson(map: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * `other` as the answer carries it: a consume row's from GenerateTextOtherInfo (ratios as the
 * sandbox prices them), an error row's from processChannelError (no timing, no tokens), and a
 * refund's none (formatUserLogs writes an empty map as `null`). `admin_info` is never sent.
 */
function otherOf(r: SandboxLogRow): string {
  if (r.type === 5)
    return goJson({
      request_path: r.request_path,
      error_type: 'upstream_error',
      error_code: 'bad_response_status_code',
      status_code: 500,
      channel_id: 1,
      channel_name: '',
      channel_type: 1,
    });
  if (r.type === 6) return 'null';
  return goJson({
    model_ratio: 1,
    group_ratio: 1,
    completion_ratio: 1,
    cache_tokens: r.cache_tokens,
    cache_ratio: 0.5,
    model_price: -1,
    user_group_ratio: -1,
    frt: r.frt,
    ...(r.upstream_model_name ? { is_model_mapped: true, upstream_model_name: r.upstream_model_name } : {}),
    request_path: r.request_path,
  });
}

/** A consume row's `content` (free text the ledger must never keep). */
const CONTENT: Record<2 | 5 | 6, string> = {
  2: '模型倍率 1.00，补全倍率 1.00，分组倍率 1.00',
  5: 'status_code=500, upstream error: bad response status code 500',
  6: '异步任务失败，退还预扣费额度',
};

/** The answer's `data`: newest first, at most 1000, ids 1..n in this answer. */
export function logAnswerRows(rows: readonly SandboxLogRow[], tokenName: string): Array<Record<string, unknown>> {
  const newest = [...rows].sort((a, b) => b.created_at - a.created_at).slice(0, LOG_ANSWER_ROWS);
  return newest.map((r, i) => ({
    id: i + 1,
    user_id: 1,
    created_at: r.created_at,
    type: r.type,
    content: CONTENT[r.type],
    username: 'sandbox',
    token_name: tokenName,
    model_name: r.model_name,
    quota: r.quota,
    prompt_tokens: r.prompt_tokens,
    completion_tokens: r.completion_tokens,
    use_time: r.use_time,
    is_stream: r.is_stream,
    channel: 1,
    channel_name: '',
    token_id: 7,
    group: 'default',
    ip: '',
    ...(r.request_id ? { request_id: r.request_id } : {}),
    other: otherOf(r),
  }));
}

/** Each key's rows (generated on first use), and the chats appended. */
export class UsageLogs {
  private readonly byKey = new Map<string, SandboxLogRow[]>();
  constructor(
    private readonly now: () => number,
    /** 'off': the operator turned consume logs off (the answer is empty). */
    readonly logs: 'on' | 'off' = 'on',
  ) {}

  /** Consume logs off for the whole sandbox, or for a `logsoff` key. */
  private off(key: string): boolean {
    return this.logs === 'off' || scenarioForKey(key) === 'logsoff';
  }

  rows(key: string): SandboxLogRow[] {
    let rows = this.byKey.get(key);
    if (!rows) {
      rows = this.off(key) ? [] : generatedHistory(Math.floor(this.now() / 1000));
      this.byKey.set(key, rows);
    }
    return rows;
  }

  /** A chat request the sandbox answered (model/log.go RecordConsumeLog: only while LogConsumeEnabled). */
  recordChat(key: string, row: Omit<SandboxLogRow, 'created_at' | 'type' | 'quota' | 'frt' | 'cache_tokens' | 'request_path'>): void {
    if (this.off(key)) return;
    const quota = Math.round(((row.prompt_tokens + row.completion_tokens) / 1000) * 150);
    this.rows(key).push({
      ...row,
      created_at: Math.floor(this.now() / 1000),
      type: 2,
      quota,
      frt: 120,
      cache_tokens: 0,
      request_path: '/v1/chat/completions',
    });
  }
}

/** What the route uses of the sandbox's context (its own shape: context.ts holds a UsageLogs). */
interface LogTokenContext {
  stats: { tokenUsageRequests: number };
  tokenUsageLimiter: { take(): boolean };
  usageLogs: UsageLogs;
}

/** `GET /api/log/token`: the shared limiter first (429, empty body), then read-only auth. */
export function handleLogToken(ctx: LogTokenContext, req: http.IncomingMessage, res: http.ServerResponse): void {
  const caller = authorizeTokenRead(ctx, req, res);
  if (!caller) return;
  const rows = logAnswerRows(ctx.usageLogs.rows(caller.key), `sandbox-${caller.scenario}`);
  send(res, 200, JSON.stringify({ success: true, message: '', data: rows }));
}
