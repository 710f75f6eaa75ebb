/**
 * Which model ids the saved connection offers the editor now. Shared by the registration stand-in
 * in dist/host.js (src/host/lm/register.ts: it answers "no models" without loading dist/lm.js) and
 * the provider in dist/lm.js. Only models that serve chat completions or, spoken through the Responses API by the
 * provider, only the Responses API (core/modelProtocols.ts; all of them when the gateway does not say). Pure, no
 * module state.
 */
import type { ConnectionState } from '../connection/connectionState';
import { chatProviderModels, type ModelEndpoints } from '../../core/modelProtocols';

interface SavedSettings {
  readonly baseUrl: string;
  readonly model: string;
}

export interface ModelListCache {
  get(baseUrl: string): { models: string[]; endpoints?: ModelEndpoints } | undefined;
}

/** The model ids the saved connection offers now, or undefined when it is not usable. */
export function savedModelIds(state: ConnectionState, settings: SavedSettings, cache: ModelListCache): string[] | undefined {
  const baseUrl = settings.baseUrl;
  const fallback = (): string[] => cache.get(baseUrl)?.models ?? (settings.model ? [settings.model] : []);
  switch (state.kind) {
    case 'checked':
      if (!state.result.ok || state.baseUrl !== baseUrl) return undefined;
      return state.result.models.length > 0 ? chatProviderModels(state.result.models, state.result.modelEndpoints) : fallback();
    case 'checking':
      if (!state.previous?.ok) return undefined;
      return state.previous.models.length > 0 ? chatProviderModels(state.previous.models, state.previous.modelEndpoints) : fallback();
    case 'unchecked': {
      // verifyOnStartup off: the last list for this Base URL, not a guess.
      const ids = fallback();
      return ids.length > 0 ? ids : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * What each model serves, from the same list savedModelIds offers (the connection's, or the cached one
 * when this session has none); undefined when unknown (then every model chats).
 */
export function savedModelEndpoints(state: ConnectionState, settings: SavedSettings, cache: ModelListCache): ModelEndpoints | undefined {
  const cached = (): ModelEndpoints | undefined => cache.get(settings.baseUrl)?.endpoints;
  switch (state.kind) {
    case 'checked':
      if (!state.result.ok || state.baseUrl !== settings.baseUrl) return undefined;
      return state.result.models.length > 0 ? state.result.modelEndpoints : cached();
    case 'checking':
      if (!state.previous?.ok) return undefined;
      return state.previous.models.length > 0 ? state.previous.modelEndpoints : cached();
    case 'unchecked':
      return cached();
    default:
      return undefined;
  }
}
