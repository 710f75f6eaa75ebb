/**
 * The Evidence block of a diagnosis, and every piece of server text that reaches it. A gateway
 * may echo the key or send terminal escapes and bidi overrides, and the evidence is shown in the
 * panel, the doctor, logs and support reports; so each text is scrubbed, made inert and bounded.
 */
import { looksLikeHtml } from '../html';
import { Scrubber } from '../scrub';
import { inertText } from '../inertText';
import type { Evidence } from '../types';
import { requestIdOf } from '../gatewayAccount/requestId';
import { headerValue, parseRetryAfter, readErrorBody, type DiagnosisContext, type ResponseFacts } from './responseFacts';

const MAX_EVIDENCE_TEXT = 300;
/** Short server texts (request id, error code/type, Location, Content-Type). */
const MAX_EVIDENCE_FIELD = 500;

/** The caller's scrubber, taught the key: a diagnosis never repeats it, whoever echoed it. */
export function scrubberFor(ctx: { scrubber?: Scrubber; apiKey?: string | null }): Scrubber {
  const scrubber = ctx.scrubber ?? new Scrubber();
  if (ctx.apiKey) scrubber.add(ctx.apiKey);
  return scrubber;
}

/**
 * Server text for a diagnosis: scrubbed FIRST (a cut must never split a secret the scrubber would
 * have recognised whole), then flattened and made inert (no control or bidi character survives),
 * then cut. `mayBeCut`: the text is a body prefix whose end may split a secret.
 */
export function excerpt(text: string, scrubber: Scrubber, max = MAX_EVIDENCE_TEXT, mayBeCut = false): string {
  const scrubbed = mayBeCut ? scrubber.scrubCutText(text) : scrubber.scrub(text);
  const flat = inertText(scrubbed.replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A short server text (header value, error code): scrubbed, inert, bounded. */
export function serverText(text: string, scrubber: Scrubber): string {
  return excerpt(text, scrubber, MAX_EVIDENCE_FIELD);
}

/** A model id inside a sentence or a label: inert. The id sent in requests is never altered. */
export function shownModel(model: string): string {
  return inertText(model, { maxChars: 200 });
}

export function stripUrlSecrets(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return url;
  }
}

function resolveLocation(location: string, url: string | undefined): string | undefined {
  try {
    return new URL(location, url).toString();
  } catch {
    return undefined;
  }
}

export function baseEvidence(facts: ResponseFacts, ctx: DiagnosisContext, scrubber: Scrubber): Evidence {
  const body = readErrorBody(facts.bodyText);
  const evidence: Evidence = { status: facts.status };
  const requestId = requestIdOf(facts.headers, body.message);
  if (requestId) evidence.requestId = serverText(requestId, scrubber);
  if (body.code) evidence.errorCode = serverText(body.code, scrubber);
  if (body.type) evidence.errorType = serverText(body.type, scrubber);
  if (body.message) evidence.errorMessage = excerpt(body.message, scrubber);
  else if (facts.bodyText && facts.status >= 400) {
    const text = looksLikeHtml(facts.bodyText, headerValue(facts.headers, 'content-type'))
      ? (/<title[^>]*>([^<]*)<\/title>/i.exec(facts.bodyText)?.[1] ?? facts.bodyText.replace(/<[^>]*>/g, ' '))
      : facts.bodyText;
    // The body text is a prefix of the body: its end may split a secret.
    const cleaned = excerpt(text, scrubber, 200, true);
    if (cleaned) evidence.errorMessage = cleaned;
  }
  const url = stripUrlSecrets(facts.url ?? ctx.url);
  if (url) evidence.url = scrubber.scrub(url);
  const contentType = headerValue(facts.headers, 'content-type');
  if (contentType) evidence.contentType = serverText(contentType, scrubber);
  const retryAfter = parseRetryAfter(headerValue(facts.headers, 'retry-after'), ctx.now);
  if (retryAfter !== undefined) evidence.retryAfterSeconds = retryAfter;
  const location = headerValue(facts.headers, 'location');
  if (location) evidence.location = serverText(resolveLocation(location, url) ?? location, scrubber);
  return evidence;
}
