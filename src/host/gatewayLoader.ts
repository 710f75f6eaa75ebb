import type { VerificationResult, VerifyOptions } from '../core/types';
import { DistModule } from './lazyModule';

/** What the lazily loaded dist/gateway.js provides. */
export interface GatewayModule {
  verify(options: VerifyOptions): Promise<VerificationResult>;
}

export interface GatewayLoader {
  load(): Promise<GatewayModule>;
}

/** dist/gateway.js holds the openai SDK: loaded on the first verification, never in activate(). */
export class DistGatewayLoader implements GatewayLoader {
  private readonly module: DistModule<GatewayModule>;
  constructor(distDir: string) {
    this.module = new DistModule<GatewayModule>(distDir, 'gateway.js', (m) => typeof m.verify === 'function');
  }
  load(): Promise<GatewayModule> {
    return this.module.load();
  }
}

export class StaticGatewayLoader implements GatewayLoader {
  constructor(private readonly mod: GatewayModule) {}
  load(): Promise<GatewayModule> {
    return Promise.resolve(this.mod);
  }
}
