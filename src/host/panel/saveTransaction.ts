import { t } from '../../core/l10n';
import type { Keychain } from '../connection/keychain';
import type { ConfigScope } from '../shared/ports';
import type { SettingName, Settings } from '../connection/settings';

interface SaveRequest {
  baseUrl: string;
  model: string;
  /** The cleaned key to store; undefined keeps the key already saved. */
  key: string | undefined;
  scope: ConfigScope;
  /**
   * The origin the values were verified at: a new key is bound to it alone, a kept key gains it
   * (keyGate.ts). Undefined: no binding change.
   */
  origin?: string;
}

type SaveOutcome = { ok: true } | { ok: false; message: string; rolledBack: boolean };

/**
 * Writes rutaapi.baseUrl, rutaapi.model and the key all-or-nothing: settings first, the key last;
 * on any failure every earlier write is undone so the previous values stay in force.
 */
export async function saveAll(settings: Settings, keychain: Keychain, req: SaveRequest): Promise<SaveOutcome> {
  const undo: Array<() => PromiseLike<void>> = [];
  const write = async (name: SettingName, value: string) => {
    const previous = settings.inspect(name, req.scope);
    await settings.update(name, value, req.scope);
    undo.push(() => settings.update(name, previous, req.scope));
  };
  try {
    await write('baseUrl', req.baseUrl);
    await write('model', req.model);
    if (req.key !== undefined) {
      let previousKey: string | undefined;
      let hadPrevious = true;
      try {
        previousKey = await keychain.get();
      } catch {
        hadPrevious = false;
      }
      await keychain.store(req.key, req.origin ? { origin: req.origin } : undefined);
      undo.push(async () => {
        if (!hadPrevious) return;
        if (previousKey === undefined) await keychain.delete();
        else await keychain.store(previousKey);
      });
    }
    if (req.key === undefined && req.origin) {
      // The saved key was kept and just verified at this origin: approved for it from now on.
      const kept = await keychain.get();
      if (kept) await keychain.approveOrigin(kept, req.origin);
    }
    return { ok: true };
  } catch (e) {
    let rolledBack = true;
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch {
        rolledBack = false;
      }
    }
    const cause = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      rolledBack,
      message: rolledBack
        ? t('Nothing was saved: {0} Your previous settings are unchanged.', cause)
        : t('Saving failed and not every earlier value could be restored: {0} Check the rutaapi settings.', cause),
    };
  }
}
