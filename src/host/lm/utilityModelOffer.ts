/**
 * The one-time offer, after a successful save, to point the editor's utility-model settings at RutaAPI models. Without
 * a GitHub sign-in VS Code (1.121+) keeps chat titles, progress messages and commit messages off until
 * `chat.utilityModel` and its small slot name a bring-your-own-key model. Only where the editor has these settings
 * (feature-detected in the configuration registry: a defined default), only slots the user left unset (no user,
 * workspace or folder value), never a value the user set; offered once per profile (globalState), whatever the answer.
 * The value is `rutaapi/<model id>` (VS Code's "vendorAndId" form for these settings).
 */
import { t } from '../../core/l10n';
import { planUtilityModels, type UtilitySlot } from '../../core/utilityModels';
import type { Logger } from '../shared/logger';
import type { MementoPort, NotifyPort } from '../shared/ports';
import { tShown } from '../shared/shown';
import { LM_VENDOR } from './register';

/** globalState: the offer was made (its answer does not matter: it is not asked again). */
export const UTILITY_OFFER_KEY = 'rutaapi.utilityModelOffer';

/** The main slot, then the small slot under each name VS Code builds have used. */
const SLOTS: readonly UtilitySlot[] = [
  { key: 'utilityModel', small: false },
  { key: 'utilitySmallModel', small: true },
  { key: 'utilityModelSmall', small: true },
];

/** The slice of `workspace.getConfiguration('chat')` used here. */
export interface ChatConfigPort {
  inspect(
    key: string,
  ): { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined;
  /** `target` true: user (global) settings. */
  update(key: string, value: unknown, target: true): PromiseLike<void>;
}

interface UtilityOfferDeps {
  chatConfig(): ChatConfigPort;
  globalState: MementoPort;
  notify: Pick<NotifyPort, 'info'>;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** The slots this editor has (a registered setting has a defined default) and nobody has set. */
function freeSlots(config: ChatConfigPort): UtilitySlot[] {
  const free: UtilitySlot[] = [];
  for (const slot of SLOTS) {
    if (slot.small && free.some((s) => s.small)) continue; // one small slot, under whichever name the editor uses
    const i = config.inspect(slot.key);
    if (!i || i.defaultValue === undefined) continue;
    const set = [i.globalValue, i.workspaceValue, i.workspaceFolderValue].some((v) => v !== undefined);
    if (!set) free.push({ key: `chat.${slot.key}`, small: slot.small });
  }
  return free;
}

/**
 * After a successful save: offers once to set the free utility-model slots. Resolves when the answer was handled
 * (or at once when there is nothing to offer). Never throws.
 */
export async function offerUtilityModels(d: UtilityOfferDeps, saved: { model: string; models: readonly string[] }): Promise<void> {
  try {
    if (d.globalState.get<string>(UTILITY_OFFER_KEY)) return;
    const config = d.chatConfig();
    const plan = planUtilityModels({ vendor: LM_VENDOR, savedModel: saved.model, ids: saved.models, freeSlots: freeSlots(config) });
    if (plan.length === 0) return;
    await d.globalState.update(UTILITY_OFFER_KEY, 'offered');
    const main = plan.find((p) => p.key === 'chat.utilityModel');
    const small = plan.find((p) => p.key !== 'chat.utilityModel');
    const use = t('Use RutaAPI');
    const message =
      main && small
        ? tShown(
            'notification',
            'Chat titles, progress messages and commit messages need a utility model. Use RutaAPI: {0}, and {1} for quick tasks?',
            main.model,
            small.model,
          )
        : tShown(
            'notification',
            'Chat titles, progress messages and commit messages need a utility model. Use RutaAPI: {0}?',
            (main ?? small)?.model ?? '',
          );
    const answer = await d.notify.info(message, use, t('Not Now'));
    if (answer !== use) return;
    // Checked again: the user may have set one while the notification was open.
    const still = new Set(freeSlots(config).map((s) => s.key));
    for (const p of plan) {
      if (!still.has(p.key)) continue;
      await config.update(p.key, p.value, true);
      d.logger.info(`Set ${p.key} to ${p.value} in user settings`);
    }
  } catch (e) {
    d.logger.warn(`The utility-model offer failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
