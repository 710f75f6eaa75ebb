/** How a failed chat request becomes a ChatFailure with its diagnosis (core/lm/errors.ts). */
import {
  diagnoseContent,
  diagnoseNetworkError,
  diagnoseResponse,
  makeDiagnosis,
  readErrorBody,
  type DiagnosisContext,
  type ResponseFacts,
} from '../diagnosis';
import type { RequestRecord } from '../gatewayClient';
import { t } from '../l10n';
import type { Diagnosis } from '../types';
import { ChatFailure, chatFailure, diagnoseToolArguments } from './errors';
import { StreamErrorEvent, ToolArgumentsError } from './stream';

/** What the failure is read against: the request, its last record and why it was aborted. */
interface FailedChat {
  url: string;
  model: string;
  ctx: DiagnosisContext;
  secrets: string[];
  requestId: string | undefined;
  record: RequestRecord | undefined;
  response?: Response;
  /** Why the request was aborted, if it was; `overran` when the overall limit ran out. */
  why: 'timeout' | 'cancelled' | undefined;
  overran: boolean;
  idleMs: number;
  maxAnswerMs: number;
}

export function failureOf(error: unknown, f: FailedChat): ChatFailure {
  if (error instanceof ChatFailure) return error;
  const fail = (diagnosis: Diagnosis): ChatFailure => chatFailure(diagnosis, f.secrets, f.requestId);
  const { url, ctx } = f;
  if (error instanceof ToolArgumentsError) return fail(diagnoseToolArguments(error, f.model));
  if (error instanceof StreamErrorEvent) return fail(diagnoseResponse(streamErrorFacts(error, f), ctx));
  if (f.why === 'timeout' && f.overran) return fail(diagnoseAnswerTooLong(hostOf(url), f.maxAnswerMs));
  if (f.why === 'timeout') return fail(diagnoseNetworkError(error, { ...ctx, reason: 'timeout', timeoutMs: f.idleMs }));
  const rec = f.record;
  const errStatus = (error as { status?: unknown } | null)?.status;
  if (rec?.tooLarge) return fail(diagnoseContent('too_large', { status: rec.status ?? 200, headers: rec.headers, url }, ctx));
  if (typeof errStatus === 'number' && rec?.headers) {
    return fail(diagnoseResponse({ status: errStatus, headers: rec.headers, url, bodyText: bodyText(rec) }, ctx));
  }
  return fail(diagnoseNetworkError(error, ctx));
}

/** No status in the event: a credits wording reads as 402 (what it means), anything else as 500. */
function streamErrorFacts(error: StreamErrorEvent, f: FailedChat): ResponseFacts {
  const said = readErrorBody(error.body);
  const credits = /insufficient[_ ]quota|balance|credits?|billing|quota/i.test(
    `${said.code ?? ''} ${said.type ?? ''} ${said.message ?? ''}`,
  );
  return { status: error.status ?? (credits ? 402 : 500), headers: f.response?.headers, bodyText: error.body, url: f.url };
}

function bodyText(record: RequestRecord | undefined): string {
  if (!record || record.bodyPrefix.length === 0) return '';
  const total = record.bodyPrefix.reduce((n, c) => n + c.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of record.bodyPrefix) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder('utf-8').decode(all);
}

/** The whole answer ran past `maxAnswerMs` (while it was still streaming). */
function diagnoseAnswerTooLong(host: string, ms: number): Diagnosis {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return makeDiagnosis(
    'timeout',
    t('The answer took too long'),
    t(
      '{0} was still answering after {1} minutes, the longest one answer may take, so it was stopped. Try again, or ask for a shorter answer.',
      host,
      minutes,
    ),
    [],
    {},
    t('Timeout'),
  );
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
