/**
 * One step of the verification: the request through the SDK, the capped body read and decoded,
 * and every failure (deadline, cancel, size cap, HTTP status, network) turned into a diagnosis.
 */
import { abortable } from '../abortable';
import {
  diagnoseContent,
  diagnoseNetworkError,
  diagnoseResponse,
  readErrorBody,
  type ContentProblem,
  type ResponseFacts,
} from '../diagnosis';
import { bodyPrefixText, type RequestRecord } from '../gatewayClient';
import { requestIdOf } from '../gatewayAccount/requestId';
import { looksLikeHtml } from '../html';
import { inertText } from '../inertText';
import type { Diagnosis, StepName, StepResult } from '../types';
import { EngineAbort } from './deadline';
import { contextFor, type VerifyRun } from './run';

export interface StepOutcome<T> {
  step: StepResult;
  value?: T;
  diagnosis?: Diagnosis;
  facts?: ResponseFacts;
}

type ParseBody<T> = (text: string, bytes: Uint8Array, response: Response) => { value: T } | { problem: ContentProblem };

interface StepCall {
  name: StepName;
  url: string;
  started: number;
  step: StepResult;
  /** The step's own last request (a step may make more than one). */
  record(): RequestRecord | undefined;
}

export async function runStep<T>(
  run: VerifyRun,
  name: StepName,
  url: string,
  call: () => Promise<Response>,
  parse: ParseBody<T>,
): Promise<StepOutcome<T>> {
  const firstRecord = run.gateway.records.length;
  const at: StepCall = {
    name,
    url,
    started: Date.now(),
    step: { name, ok: false, status: null, requestId: null, latencyMs: 0, code: 'network_error' },
    record: () => run.gateway.records.slice(firstRecord).pop(),
  };
  const { signal, why } = run.deadline;
  try {
    const response = await abortable(call(), signal, why);
    const bytes = new Uint8Array(await abortable(response.arrayBuffer(), signal, why));
    fillStep(run, at);
    return readBody(run, at, response, bytes, parse);
  } catch (error: unknown) {
    fillStep(run, at);
    return failedStep(run, at, error);
  }
}

/** The step's latency, status, request id, content type and size, from its last request. */
function fillStep(run: VerifyRun, at: StepCall): void {
  const record = at.record();
  const step = at.step;
  step.latencyMs = Date.now() - at.started;
  if (!record) return;
  step.status = record.status ?? null;
  const requestId = requestIdOf(
    record.headers,
    record.status !== undefined && record.status >= 400 ? readErrorBody(bodyPrefixText(record)).message : undefined,
  );
  const contentType = record.headers?.get('content-type');
  step.requestId = requestId ? inertText(run.scrubber.scrub(requestId), { maxChars: 500 }) : null;
  step.contentType = contentType ? inertText(run.scrubber.scrub(contentType), { maxChars: 500 }) : null;
  step.requestBytes = record.requestBytes;
}

function readBody<T>(run: VerifyRun, at: StepCall, response: Response, bytes: Uint8Array, parse: ParseBody<T>): StepOutcome<T> {
  const { step, name, url } = at;
  const prefix = bodyPrefixText(at.record());
  const facts: ResponseFacts = { status: response.status, headers: response.headers, url, bodyText: prefix };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const problem = looksLikeHtml(prefix, response.headers.get('content-type')) ? 'html' : 'not_utf8';
    const diagnosis = diagnoseContent(problem, facts, contextFor(run, name, url));
    step.code = diagnosis.code;
    return { step, diagnosis, facts };
  }
  const parsed = parse(text, bytes, response);
  if ('problem' in parsed) {
    const diagnosis = diagnoseContent(parsed.problem, facts, contextFor(run, name, url));
    step.code = diagnosis.code;
    return { step, diagnosis, facts };
  }
  step.ok = true;
  step.code = 'ok';
  return { step, value: parsed.value, facts };
}

function failedStep<T>(run: VerifyRun, at: StepCall, error: unknown): StepOutcome<T> {
  const { step, url } = at;
  const record = at.record();
  const ctx = contextFor(run, at.name, url);
  const timeoutMs = run.deadline.timeoutMs;
  let diagnosis: Diagnosis;
  const status = (error as { status?: unknown })?.status;
  if (error instanceof EngineAbort) {
    diagnosis = diagnoseNetworkError(error, { ...ctx, reason: error.reason, timeoutMs });
  } else if (run.deadline.signal.aborted) {
    diagnosis = diagnoseNetworkError(error, { ...ctx, reason: run.deadline.reason(), timeoutMs });
  } else if (record?.tooLarge) {
    diagnosis = diagnoseContent('too_large', { status: record.status ?? 200, headers: record.headers, url }, ctx);
  } else if (typeof status === 'number' && record?.headers) {
    const facts: ResponseFacts = { status, headers: record.headers, url, bodyText: bodyPrefixText(record) };
    step.latencyMs = Date.now() - at.started;
    const answered = diagnoseResponse(facts, ctx);
    step.code = answered.code;
    return { step, facts, diagnosis: answered };
  } else {
    diagnosis = diagnoseNetworkError(error, { ...ctx, timeoutMs });
  }
  step.code = diagnosis.code;
  return { step, diagnosis };
}
