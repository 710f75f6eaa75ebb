/** The front of new-api's read-only token endpoints (`/api/usage/token/`, `/api/log/token`): one shared rate limiter, then the key. */
import type * as http from 'node:http';
import { bearer, send } from './http';
import { scenarioForKey, type SandboxScenario } from './models';
import { MESSAGES, wantsEnglish } from './newApi';

interface TokenReadContext {
  stats: { tokenUsageRequests: number };
  tokenUsageLimiter: { take(): boolean };
}

/** The caller's key and scenario, or undefined once a 429 (empty body) or a 401 has been sent. */
export function authorizeTokenRead(
  ctx: TokenReadContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): { key: string; scenario: SandboxScenario } | undefined {
  ctx.stats.tokenUsageRequests += 1;
  // `limiterfull`: other tools on this IP have spent the shared bucket (the limiter runs before the key is read).
  if (scenarioForKey(bearer(req)) === 'limiterfull' || !ctx.tokenUsageLimiter.take()) {
    send(res, 429, '', 'text/plain; charset=utf-8');
    return undefined;
  }
  const key = bearer(req);
  if (!req.headers.authorization) {
    send(res, 401, JSON.stringify({ success: false, message: 'No Authorization header' }));
    return undefined;
  }
  const scenario = scenarioForKey(key);
  if (!key || !scenario || scenario === 'invalid') {
    send(res, 401, JSON.stringify({ success: false, message: MESSAGES.invalidToken(wantsEnglish(req)) }));
    return undefined;
  }
  return { key, scenario };
}
