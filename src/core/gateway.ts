// Entry of the lazily loaded gateway bundle (dist/gateway.js): everything that needs the openai SDK.
// The extension host loads this on the first verification; the CLI and tests import the same modules.
export { verify } from './verify';
/** The key's figures and the dashboard links (type ReadAccount, core/gatewayAccount/types). */
export { readAccount } from './gatewayAccount/readAccount';
export { clearDiscoveryCache, dashboardLinks, discoverGateway } from './gatewayAccount/discovery';
/** The support report: only ever built for a verification's result, so this chunk is loaded by then. */
export { buildSupportReport } from './supportReport';
export { createGatewayClient, validateBaseURL, USER_AGENT } from './gatewayClient';
export type { GatewayClient, GatewayClientOptions } from './gatewayClient';
