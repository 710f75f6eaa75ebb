/**
 * The request id of an answer. Gateways name the header differently: OpenAI-style `x-request-id`,
 * new-api's `X-Oneapi-Request-Id` (RutaAPI's gateway sends only this one), a relayed
 * `X-Upstream-Request-Id`; new-api also ends every error message with ` (request id: …)`.
 * Returns the raw text: callers scrub it and make it inert before showing it.
 */
import { headerValue, type HeadersLike } from '../diagnosis/responseFacts';

/** The headers read, in order of preference. `request-id` is a last, older variant. */
const REQUEST_ID_HEADERS = ['x-request-id', 'x-oneapi-request-id', 'x-upstream-request-id', 'request-id'] as const;

const SUFFIX = /\(request id: ?([^()\s]{1,200})\)/gi;

/** The id at the end of a new-api error message (`… (request id: 2025…)`), or undefined. */
export function requestIdInMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  let last: string | undefined;
  for (const m of message.matchAll(SUFFIX)) last = m[1];
  return last;
}

/** The first non-empty request-id header, else the id in the error message. */
export function requestIdOf(headers: HeadersLike | undefined, message?: string): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headerValue(headers, name)?.trim();
    if (value) return value;
  }
  return requestIdInMessage(message);
}
