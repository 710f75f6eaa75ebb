/**
 * Sandbox gateway: a real OpenAI-compatible HTTP(S) server on 127.0.0.1 for the tests, the demo
 * and anyone without an account. The scenario is chosen by the key (docs/CONTRACTS.md), so the
 * real product path — the openai SDK through the verification engine — reaches every case.
 *
 * This file starts, routes and stops it; the answers are in v1.ts (the API), faults.ts (each
 * scenario's fault), newApiRoutes.ts (new-api's own endpoints), streaming.ts (streamed chats),
 * pages.ts (the website and dashboard) and http.ts (sending).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Sandbox, SandboxContext, SandboxOptions, SandboxStats } from './context';
import { bearer, requestId, send, sendError } from './http';
import { modelCatalogue } from './modelList';
import { scenarioForKey } from './models';
import { WindowLimiter, isNewApiScenario, newApiRequestId, statusBody } from './newApi';
import { handleTokenUsage } from './newApiRoutes';
import { DASHBOARD_HTML, DASHBOARD_PAGES, MARKETING_HTML } from './pages';
import type { StreamRecord } from './streaming';
import { generateCertificate } from './tls';
import { UsageLogs, handleLogToken } from './usageLog';
import { handleV1 } from './v1';

export type { Sandbox, SandboxOptions } from './context';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const life = lifetime();
  const ctx = createContext(options, life);
  const latencyMs = Math.max(0, options.latencyMs ?? 0);
  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = countAndTag(ctx, req, res);
    try {
      options.onRequest?.({ method: req.method ?? 'GET', path, headers: { ...req.headers } });
    } catch {
      // a test hook must not break the server
    }
    const run = (): void => {
      if (!ctx.closing()) route(ctx, req, res, path);
    };
    if (latencyMs > 0) ctx.later(latencyMs, run);
    else run();
  };
  const server: http.Server | https.Server = options.tls
    ? https.createServer({ ...generateCertificate(), keepAlive: true }, handle)
    : http.createServer({ keepAlive: true }, handle);
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    ctx.stats.connections += 1;
    life.sockets.add(socket);
    socket.on('close', () => life.sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  life.origin = origin;
  return { origin, baseUrl: `${origin}/v1`, port, stats: ctx.stats, close: () => life.close(server) };
}

/** What the server holds open (sockets, timers) and how it closes: at most once, every timer and socket ended. */
interface Lifetime {
  sockets: Set<Socket>;
  timers: Set<NodeJS.Timeout>;
  closing: boolean;
  origin: string;
  close(server: http.Server | https.Server): Promise<void>;
}

function lifetime(): Lifetime {
  let closed: Promise<void> | undefined;
  const life: Lifetime = {
    sockets: new Set(),
    timers: new Set(),
    closing: false,
    origin: '',
    close: (server) => {
      if (closed) return closed;
      life.closing = true;
      for (const timer of life.timers) clearTimeout(timer);
      life.timers.clear();
      closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of life.sockets) socket.destroy();
        life.sockets.clear();
        server.closeAllConnections?.();
      });
      return closed;
    },
  };
  return life;
}

function createContext(options: SandboxOptions, life: Lifetime): SandboxContext {
  const streams: StreamRecord[] = [];
  return {
    stats: {
      connections: 0,
      requests: 0,
      statusRequests: 0,
      tokenUsageRequests: 0,
      billingRequests: 0,
      protocolRequests: { '/v1/responses': 0, '/v1/messages': 0 },
    } satisfies SandboxStats,
    theme: options.theme ?? 'classic',
    displayType: options.displayType ?? 'USD',
    tokenUsageLimiter: new WindowLimiter(options.now ?? Date.now),
    usageLogs: new UsageLogs(options.now ?? Date.now, options.usageLogs),
    serverAddress: () => options.serverAddress || life.origin,
    later: (ms, fn) => {
      const timer = setTimeout(() => {
        life.timers.delete(timer);
        if (!life.closing) fn();
      }, ms);
      life.timers.add(timer);
    },
    closing: () => life.closing,
    streams,
    onStream: (record) => {
      streams.push({ ...record });
      if (streams.length > 100) streams.shift();
      options.onStream?.(record);
    },
    ...modelCatalogue(),
  };
}

/**
 * Counts the request and sets its request-id header: new-api sends only X-Oneapi-Request-Id, on
 * its own endpoints and for the new-api scenarios; the older scenarios keep the OpenAI-style
 * x-request-id. Returns the path without its query.
 */
function countAndTag(ctx: SandboxContext, req: http.IncomingMessage, res: http.ServerResponse): string {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/api/status') ctx.stats.statusRequests += 1;
  else ctx.stats.requests += 1;
  const newApi = path.startsWith('/api/') || /^\/(v1\/)?dashboard\/billing\//.test(path) || isNewApiScenario(scenarioForKey(bearer(req)));
  if (newApi) res.setHeader('X-Oneapi-Request-Id', newApiRequestId());
  else res.setHeader('x-request-id', requestId());
  return path;
}

function route(ctx: SandboxContext, req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
  const get = req.method === 'GET';
  const api = (): void => {
    handleV1(ctx, req, res, path).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'Sandbox internal error', 'server_error', null);
    });
  };
  if (get && (path === '/' || path === '/index.html')) send(res, 200, MARKETING_HTML, 'text/html; charset=utf-8');
  else if (/^\/dashboard\/billing\/(subscription|usage)$/.test(path)) api();
  // The dashboard, and new-api's front-end pages (both themes), so the dashboard links open something.
  else if (get && (path === '/dashboard' || path.startsWith('/dashboard/') || DASHBOARD_PAGES.has(path)))
    send(res, 200, DASHBOARD_HTML, 'text/html; charset=utf-8');
  else if (get && path === '/api/status') gatewayStatus(ctx, res, path);
  else if (get && path === '/api/usage/token/') handleTokenUsage(ctx, req, res);
  else if (get && path === '/api/log/token') handleLogToken(ctx, req, res);
  // Read-only test stats: how the last streamed chats ended (completed / aborted / reset, when).
  else if (get && path === '/__sandbox/streams') send(res, 200, JSON.stringify({ now: Date.now(), streams: ctx.streams }));
  else if (path === '/v1' || path.startsWith('/v1/')) api();
  else sendError(res, 404, `Invalid URL (${req.method ?? 'GET'} ${path})`, 'invalid_request_error', null);
}

function gatewayStatus(ctx: SandboxContext, res: http.ServerResponse, path: string): void {
  if (ctx.theme === 'none') sendError(res, 404, `Invalid URL (GET ${path})`, 'invalid_request_error', null);
  else send(res, 200, statusBody({ theme: ctx.theme, serverAddress: ctx.serverAddress(), displayType: ctx.displayType }));
}

function listen(server: http.Server | https.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
