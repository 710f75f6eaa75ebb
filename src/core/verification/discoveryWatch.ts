/**
 * Gateway discovery beside the check (core/gatewayAccount/discovery): keyless, on its own 2 s
 * budget. A success never waits for it; a failure whose fixes open a dashboard page waits for it
 * within that budget.
 */
import { DISCOVERY_BUDGET_MS } from '../constants';
import { discoverGateway } from '../gatewayAccount/discovery';
import type { GatewayStatus } from '../gatewayAccount/types';

export interface DiscoveryWatch {
  /** Discovery's answer once it has one (`status` null: no gateway or a failure). */
  settled(): { status: GatewayStatus | null } | undefined;
  /** Waits for discovery, at most until its budget (from its start) runs out. */
  wait(): Promise<void>;
}

export function watchDiscovery(origin: string | undefined, fetch: typeof globalThis.fetch | undefined): DiscoveryWatch {
  const startedAt = Date.now();
  let discovered: { status: GatewayStatus | null } | undefined;
  const discovery: Promise<GatewayStatus | null> = origin
    ? discoverGateway(origin, { fetch }).then(
        (status) => {
          discovered = { status };
          return status;
        },
        () => {
          discovered = { status: null };
          return null;
        },
      )
    : Promise.resolve(null);
  return {
    settled: () => discovered,
    wait: async () => {
      if (discovered) return;
      const left = startedAt + DISCOVERY_BUDGET_MS - Date.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([discovery, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    },
  };
}
