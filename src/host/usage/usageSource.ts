import { discoverGateway } from '../../core/gatewayAccount/discovery';
import type { DisplayUnit } from '../../core/gatewayAccount/types';
import { USD_DISPLAY } from '../../core/gatewayAccount/units';
import type { UsageBudget } from '../../core/usage/budget';
import { readUsageLog, type UsageLogRead } from '../../core/usage/readLog';
import type { Connection } from '../connection/connectionState';
import { keyHash, type Keychain } from '../connection/keychain';
import type { Settings } from '../connection/settings';

/** One read of the saved key's records, or why none was made. */
export type UsageRead =
  | (UsageLogRead & { keyHash: string; display: DisplayUnit })
  /** No successful check of the saved configuration yet, or the key is not handed out for its origin. */
  | { kind: 'not_checked' };

/** Where the view's rows come from: the saved key (by hash) and the gateway's `/api/log/token`. */
export interface UsageSource {
  /** The saved key's SHA-256, never the key; undefined when none is saved. */
  savedKeyHash(): Promise<string | undefined>;
  read(budget: UsageBudget, signal?: AbortSignal): Promise<UsageRead>;
}

/**
 * Reads with the key the connection checked, through the origin gate (never interactive: opening
 * the view must not ask about a server), from the checked Base URL's origin, and only when the
 * gateway identified itself as new-api (its `/api/status`, which also gives the display unit).
 */
export function savedKeySource(d: { connection: Connection; keychain: Keychain; settings: Settings; fetch?: typeof fetch }): UsageSource {
  return {
    async savedKeyHash() {
      const key = await d.keychain.get().catch(() => undefined);
      return key ? keyHash(key) : undefined;
    },
    async read(budget, signal) {
      const s = d.connection.state;
      if (s.kind !== 'checked') return { kind: 'not_checked' };
      const grant = await d.connection.savedKeyFor(s.baseUrl, { interactive: false });
      if (grant.kind !== 'granted') return { kind: 'not_checked' };
      const baseUrl = s.result.baseUrl.normalized ?? s.baseUrl;
      let origin: string;
      try {
        origin = new URL(baseUrl).origin;
      } catch {
        return { kind: 'not_checked' };
      }
      const status = await discoverGateway(origin, { fetch: d.fetch });
      const read = await readUsageLog({
        baseUrl,
        apiKey: grant.key,
        status,
        budget,
        fetch: d.fetch,
        signal,
        timeoutMs: d.settings.timeoutMs,
      });
      return { ...read, keyHash: keyHash(grant.key), display: status?.display ?? USD_DISPLAY };
    },
  };
}
