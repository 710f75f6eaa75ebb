// Entry of the lazily loaded dist/lm.js: the language model chat provider (VS Code 1.104+).
// src/host/lm/register.ts (in dist/host.js) loads it on the first request that needs it.
import { RutaLmProvider, type LmProviderDeps } from './provider';

export type { LmProviderDeps } from './provider';

export function createLmProvider(deps: LmProviderDeps): RutaLmProvider {
  return new RutaLmProvider(deps);
}
