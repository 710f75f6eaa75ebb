/**
 * Registers the RutaAPI language model chat provider where the editor has the API (VS Code 1.104+),
 * and does nothing anywhere else (VS Code 1.96–1.103, Cursor's base): `lm.registerLanguageModelChatProvider`
 * is looked up at run time and the call is wrapped, so an absent or failing API is one log line,
 * never an exception.
 *
 * This module is in dist/host.js and stays small: what it registers is a stand-in that answers
 * "no models" (and opens Configure RutaAPI when asked interactively) by itself, and loads the
 * provider from dist/lm.js only when there are models to describe, a chat request or a token count.
 * It also keeps the model cache and the editor's model list in step with the saved connection:
 * a successful verification stores its `/models` ids for the Base URL and fires
 * `onDidChangeLanguageModelChatInformation` when the list, the default model or the limits change.
 */
import type { DisposableLike } from '../shared/disposable';
import { chatProviderModels, type ModelEndpoints } from '../../core/modelProtocols';
import { Emitter, type Event } from '../shared/event';
import type { ModuleLoader } from '../shared/chunkLoader';
import type { ConnectionState } from '../connection/connectionState';
import { SETTINGS, SETTINGS_SECTION } from '../connection/settings';
import { savedModelIds, type ModelListCache } from './models';
import type { LmProviderDeps } from './provider';
import type { LanguageModelChatProvider, LmNamespace, LmVscode } from './vscode-lm';

/** The chat provider's vendor id (`vscode.lm.selectChatModels({ vendor: 'rutaapi' })`). */
export const LM_VENDOR = 'rutaapi';

/** What dist/lm.js provides (its descriptor, LM_CHUNK, is in src/host/startHost.ts). */
export interface LmModule {
  createLmProvider(deps: LmProviderDeps): LanguageModelChatProvider;
}

export interface LmRegistrationDeps extends Omit<LmProviderDeps, 'vs'> {
  connection: LmProviderDeps['connection'] & { onDidChange: Event<ConnectionState> };
  cache: ModelListCache & { set(baseUrl: string, models: string[], endpoints?: ModelEndpoints): PromiseLike<void> };
  /** `workspace.onDidChangeConfiguration`. */
  onDidChangeConfiguration: (listener: (e: { affectsConfiguration(section: string): boolean }) => unknown) => DisposableLike;
  loader: ModuleLoader<LmModule>;
}

/** True when the editor has the finalized language model chat provider API (1.104+). */
export function hasLanguageModelProviderApi(vs: unknown): boolean {
  try {
    const lm = (vs as { lm?: LmNamespace } | null | undefined)?.lm;
    return typeof lm?.registerLanguageModelChatProvider === 'function';
  } catch {
    return false;
  }
}

/** Loads dist/lm.js's provider on first use and keeps it; a failed load is tried again next time. */
function lazyProvider(vs: unknown, d: LmRegistrationDeps): () => Promise<LanguageModelChatProvider> {
  let provider: Promise<LanguageModelChatProvider> | undefined;
  return () => {
    const p =
      provider ??
      d.loader.load().then(
        (m) => m.createLmProvider({ ...d, vs: vs as LmVscode }),
        (e: unknown) => {
          provider = undefined;
          throw e;
        },
      );
    provider = p;
    return p;
  };
}

/** The stand-in the editor sees: "no models" by itself, everything else by the real provider. */
function standIn(
  vs: unknown,
  d: LmRegistrationDeps,
  changed: Emitter<void>,
  real: () => Promise<LanguageModelChatProvider>,
): LanguageModelChatProvider {
  return {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: async (options, token) => {
      const ids = savedModelIds(d.connection.state, d.settings, d.cache);
      if (ids === undefined || ids.length === 0) {
        if (options?.silent === false) {
          void Promise.resolve((vs as LmVscode).commands.executeCommand(d.configureCommand)).then(undefined, () => undefined);
        }
        return [];
      }
      try {
        return await (await real()).provideLanguageModelChatInformation(options, token);
      } catch (e) {
        d.logger.error('lm: the model list could not be built', e);
        return [];
      }
    },
    provideLanguageModelChatResponse: async (model, messages, options, progress, token) =>
      (await real()).provideLanguageModelChatResponse(model, messages, options, progress, token),
    provideTokenCount: async (model, text, token) => (await real()).provideTokenCount(model, text, token),
  };
}

/**
 * Keeps the model cache and the editor's model list in step with the saved connection: fires
 * `changed` when the list, the Base URL or the default model change, and always for the limits.
 */
function keepModelListInStep(d: LmRegistrationDeps, changed: Emitter<void>): DisposableLike[] {
  const signature = (): string =>
    JSON.stringify([savedModelIds(d.connection.state, d.settings, d.cache) ?? null, d.settings.baseUrl, d.settings.model]);
  let last = signature();
  const maybeFire = (): void => {
    const now = signature();
    if (now === last) return;
    last = now;
    changed.fire();
  };
  return [
    d.connection.onDidChange((state) => {
      if (state.kind === 'checked' && state.result.ok && state.result.models.length > 0) {
        const ids = chatProviderModels(state.result.models, state.result.modelEndpoints);
        void Promise.resolve(d.cache.set(state.baseUrl, ids, state.result.modelEndpoints)).then(undefined, (e: unknown) =>
          d.logger.warn('lm: could not cache the model list', e),
        );
      }
      maybeFire();
    }),
    d.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS.modelLimits.key)) {
        last = signature();
        changed.fire();
      } else if (e.affectsConfiguration(SETTINGS_SECTION)) maybeFire();
    }),
  ];
}

/** Disposes the last first; one that throws does not stop the others. */
function disposeAll(disposables: DisposableLike[]): void {
  for (const x of disposables.splice(0).reverse()) {
    try {
      x.dispose();
    } catch {
      // keep disposing
    }
  }
}

/**
 * Registers the provider when the API exists; returns what to dispose, or undefined when nothing
 * was registered. Never throws.
 */
export function registerLanguageModels(vs: unknown, d: LmRegistrationDeps): DisposableLike | undefined {
  if (!hasLanguageModelProviderApi(vs)) {
    d.logger.info('lm: this editor has no language model chat provider API (VS Code 1.104+); RutaAPI models are not offered to chat');
    return undefined;
  }
  const disposables: DisposableLike[] = [];
  try {
    const changed = new Emitter<void>();
    disposables.push(changed);
    const stub = standIn(vs, d, changed, lazyProvider(vs, d));
    const lm = (vs as { lm: Required<LmNamespace> }).lm;
    disposables.push(lm.registerLanguageModelChatProvider(LM_VENDOR, stub));
    disposables.push(...keepModelListInStep(d, changed));
    d.logger.info('lm: RutaAPI models are offered to chat (vendor "rutaapi")');
    return { dispose: () => disposeAll(disposables) };
  } catch (e) {
    d.logger.warn('lm: the language model provider could not be registered', e);
    disposeAll(disposables);
    return undefined;
  }
}
