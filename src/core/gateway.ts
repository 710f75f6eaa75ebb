// Entry of the lazily loaded gateway bundle (dist/gateway.js): everything that needs the openai SDK.
// The extension host loads this on the first verification; the CLI and tests import the same modules.
import { verify } from './verify';
import type { VerificationResult, VerifyOptions } from './types';

export { verify };
/** The key's figures and the dashboard links (type ReadAccount, core/gatewayAccount/types). */
export { readAccount } from './gatewayAccount/readAccount';
export { clearDiscoveryCache, dashboardLinks, discoverGateway } from './gatewayAccount/discovery';
export { createGatewayClient, validateBaseURL, USER_AGENT } from './gatewayClient';
export type { GatewayClient, GatewayClientOptions } from './gatewayClient';

export interface ListModelsResult {
  ok: boolean;
  /** Model ids from GET {base}/models, in server order; empty on failure. */
  models: string[];
  result: VerificationResult;
}

/** Step 1 only: the model ids the key can use (for the model picker). Never throws. */
export async function listModels(options: Omit<VerifyOptions, 'model' | 'chatOnly'>): Promise<ListModelsResult> {
  const result = await verify({ ...options, model: undefined, chatOnly: false });
  return { ok: result.ok, models: result.models, result };
}
