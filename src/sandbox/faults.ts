/**
 * Scenario faults that apply to any /v1 endpoint: gateway errors (credits, permission, rate limit,
 * outage), and answers a client must survive (a web page, broken JSON, invalid UTF-8, a body over
 * every cap, a black hole, a trickle, a reset, a redirect, a hostile answer).
 */
import type * as http from 'node:http';
import type { Socket } from 'node:net';
import type { SandboxContext } from './context';
import { bearer, htmlPage, send, sendError } from './http';
import { modelObject } from './modelList';
import { SANDBOX_MODELS, type SandboxScenario } from './models';
import { MARKETING_HTML } from './pages';

/** Over the engine's 32 MB cap for a model list (src/core/constants.ts MAX_MODEL_LIST_BYTES), so over every cap. */
const HUGE_BYTES = 33 * 1024 * 1024;

type Fault = (res: http.ServerResponse, req: http.IncomingMessage, ctx: SandboxContext) => void;

/** An OpenAI-style error: status, message, type, code and extra headers. */
const error =
  (status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}): Fault =>
  (res) =>
    sendError(res, status, message, type, code, headers);

const rateLimited = (seconds: number): Fault =>
  error(
    429,
    `Rate limit reached: too many concurrent requests. Please retry after ${seconds} seconds.`,
    'requests',
    'rate_limit_exceeded',
    { 'retry-after': String(seconds) },
  );

const redirect =
  (status: 301 | 302): Fault =>
  (res) =>
    send(
      res,
      status,
      htmlPage(
        status === 302 ? 'Found' : 'Moved Permanently',
        'Redirecting to <a href="https://app.rutaapi.com/">https://app.rutaapi.com/</a>',
      ),
      'text/html; charset=utf-8',
      { location: 'https://app.rutaapi.com/' },
    );

/** What each faulty scenario answers, whatever the /v1 endpoint (a table: one entry per scenario). */
const FAULTS: Partial<Record<SandboxScenario, Fault>> = {
  nocredits: error(
    403,
    'Insufficient balance: your account has no credits left. Add a credit pack in Billing to continue.',
    'insufficient_quota',
    'insufficient_quota',
  ),
  forbidden: error(403, 'You do not have permission to use this route with this key.', 'permission_error', 'permission_denied'),
  ratelimited: rateLimited(7),
  ratelimited60: rateLimited(60),
  down: error(
    503,
    'The upstream route for this model is temporarily unavailable. Please try again shortly.',
    'server_error',
    'service_unavailable',
  ),
  noretry: error(503, 'The upstream route is temporarily unavailable.', 'server_error', 'service_unavailable', {
    'x-should-retry': 'false',
  }),
  servererror: error(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null),
  html: (res) => send(res, 200, MARKETING_HTML, 'text/html; charset=utf-8'),
  badjson: (res) => send(res, 200, '{"object":"list","data":[{"id":"gpt-4o-mini","object":"model",', 'application/json'),
  nonutf8: (res) =>
    send(
      res,
      200,
      Buffer.concat([
        Buffer.from('{"object":"list","data":[{"id":"gpt-'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('","object":"model","created":1,"owned_by":"x"}]}'),
      ]),
      'application/json',
    ),
  huge: (res) => sendHuge(res),
  // Never answer; close() destroys the socket.
  blackhole: () => undefined,
  slowbody: (res, _req, ctx) => trickle(res, ctx),
  reset: (res, req, ctx) => resetMidBody(res, req, ctx),
  redirect: redirect(302),
  redirect301: redirect(301),
  hostile: (res, req) => hostile(res, req),
};

/** Answers with the scenario's fault; false when the scenario has none (the endpoint answers). */
export function fault(ctx: SandboxContext, scenario: SandboxScenario, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const answer = FAULTS[scenario];
  if (!answer) return false;
  answer(res, req, ctx);
  return true;
}

/** A model list padded to HUGE_BYTES, written as the socket drains. */
function sendHuge(res: http.ServerResponse): void {
  const head = `{"object":"list","data":${JSON.stringify(SANDBOX_MODELS.map((id) => modelObject(id)))},"padding":"`;
  const tail = '"}';
  const padding = HUGE_BYTES - Buffer.byteLength(head) - Buffer.byteLength(tail);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE_BYTES) });
  res.write(head);
  const chunk = 'x'.repeat(64 * 1024);
  let left = padding;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}

/** Headers at once, then one space every 200 ms, never the end. */
function trickle(res: http.ServerResponse, ctx: SandboxContext): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"object":"list","data":[');
  const more = (): void => {
    if (res.destroyed) return;
    res.write(' ');
    ctx.later(200, more);
  };
  ctx.later(200, more);
}

/** The start of a 100,000-byte body, then a TCP reset. */
function resetMidBody(res: http.ServerResponse, req: http.IncomingMessage, ctx: SandboxContext): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
  res.write('{"object":"list","data":[{"id":"gpt-4o-mini","object":"model"');
  ctx.later(20, () => {
    const socket = req.socket as Socket & { resetAndDestroy?: () => void };
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  });
}

/**
 * Everything a hostile or broken gateway can put in an answer: an absurd Retry-After, terminal
 * escapes and bidi overrides in the message, a C1 control in a header, and the caller's key echoed
 * back in base64, with a zero-width space between its characters, and in full at offset 261 of a
 * long message. The error type and code echo it in the forms a person still reads as the key:
 * U+034F (combining grapheme joiner), U+FE0F (variation selector) and U+3164 (Hangul filler)
 * between its characters, U+E0020 (tag space) between them, and in fullwidth letters (each shown,
 * both fields are cut at 500 characters).
 */
function hostile(res: http.ServerResponse, req: http.IncomingMessage): void {
  const echoed = bearer(req) ?? '';
  const zeroWidth = [...echoed].join('\u200b');
  const between = (c: string) => [...echoed].join(c);
  const fullwidth = echoed.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const head = `Slow down \u001b[2J\u001b]0;pwned\u0007 \u202egnp.exe token ${Buffer.from(echoed).toString('base64')} ${zeroWidth} `;
  const type = `requests\u202e ${between('\u034f')} ${between('\ufe0f')}`;
  const code = `rate_limit_exceeded ${between('\u3164')} ${between('\u{e0020}')} ${fullwidth}`;
  sendError(res, 429, `${head.padEnd(261, '.')}${echoed} end`, type, code, {
    'retry-after': '9'.repeat(400),
    'x-request-id': `req_\u009b2Jhostile`,
  });
}
