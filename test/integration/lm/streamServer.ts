// A streaming gateway on 127.0.0.1 for the lm tests: /v1/chat/completions through the sandbox's
// streaming scenarios (src/sandbox/streaming.ts), and the two errors that come before the first
// chunk, chosen by the key: `sk-test-nocredits-…` → 403 insufficient_quota, `sk-test-ratelimited-…`
// → 429 with Retry-After, `sk-test-unauthorized-…` → 401.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleStreamingChat, type StreamRecord } from '../../../src/sandbox/streaming';

export interface StreamServer {
  baseUrl: string;
  streams: StreamRecord[];
  /** Resolves with the next finished stream record. */
  nextStream(): Promise<StreamRecord>;
  bodies: unknown[];
  close(): Promise<void>;
}

export async function startStreamServer(): Promise<StreamServer> {
  const streams: StreamRecord[] = [];
  const bodies: unknown[] = [];
  const waiters: Array<(r: StreamRecord) => void> = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const server = http.createServer((req, res) => {
    res.setHeader('x-request-id', 'req_test_123');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const error = (status: number, message: string, code: string, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ error: { message, type: code, code } }));
      };
      if (key.startsWith('sk-test-nocredits-'))
        return error(403, 'Insufficient balance: your account has no credits left.', 'insufficient_quota');
      if (key.startsWith('sk-test-ratelimited-')) return error(429, 'Rate limit reached.', 'rate_limit_exceeded', { 'retry-after': '7' });
      if (key.startsWith('sk-test-unauthorized-')) return error(401, `Incorrect API key provided: ${key}.`, 'invalid_api_key');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: unknown[] };
      bodies.push(body);
      handleStreamingChat(req, res, body, {
        later,
        onStream: (r) => {
          streams.push(r);
          waiters.shift()?.(r);
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    streams,
    bodies,
    nextStream: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
