import * as path from 'node:path';
import type { VerificationResult, VerifyOptions } from '../core/types';

/** What the lazily loaded dist/gateway.js provides. */
export interface GatewayModule {
  verify(options: VerifyOptions): Promise<VerificationResult>;
}

export interface GatewayLoader {
  load(): Promise<GatewayModule>;
}

/**
 * Loads dist/gateway.js (the openai SDK bundle) on first use only, so activation stays cheap.
 * The path is computed at run time; esbuild leaves this require alone.
 */
export class DistGatewayLoader implements GatewayLoader {
  private loaded: Promise<GatewayModule> | undefined;
  constructor(private readonly distDir: string) {}

  load(): Promise<GatewayModule> {
    this.loaded ??= new Promise<GatewayModule>((resolve, reject) => {
      try {
        const file = path.join(this.distDir, 'gateway.js');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(file) as Partial<GatewayModule>;
        if (typeof mod.verify !== 'function') throw new Error(`${file} does not export verify()`);
        resolve(mod as GatewayModule);
      } catch (e) {
        this.loaded = undefined;
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    return this.loaded;
  }
}

export class StaticGatewayLoader implements GatewayLoader {
  constructor(private readonly mod: GatewayModule) {}
  load(): Promise<GatewayModule> {
    return Promise.resolve(this.mod);
  }
}
