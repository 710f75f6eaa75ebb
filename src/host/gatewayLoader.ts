import type { VerificationResult, VerifyOptions } from '../core/types';
import { DistModule, LoadedModule, type ModuleLoader } from './lazyModule';

/** What the lazily loaded dist/gateway.js provides. */
export interface GatewayModule {
  verify(options: VerifyOptions): Promise<VerificationResult>;
}

export type GatewayLoader = ModuleLoader<GatewayModule>;

/** dist/gateway.js holds the openai SDK: loaded on the first verification, never in activate(). */
export class DistGatewayLoader extends DistModule<GatewayModule> {
  constructor(distDir: string) {
    super(distDir, 'gateway.js', (m) => typeof m.verify === 'function');
  }
}

export class StaticGatewayLoader extends LoadedModule<GatewayModule> {}
