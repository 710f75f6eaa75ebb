import { redactKey } from '../../core/apiKey';
import { t } from '../../core/l10n';
import { originOf } from '../connection/keyGate';
import type { ConfigScope } from '../shared/ports';
import { shown } from '../shared/shown';
import type { KeyResolver } from './keyResolver';
import type { PanelVerification, Verified } from './panelVerification';
import { saveAll } from './saveTransaction';
import type { PostToPanel, SetupDeps } from './setupDeps';
import { confirmCopyToUser, warnWorkspaceKeepsOwn } from './workspaceOverrides';

type Deps = Pick<SetupDeps, 'settings' | 'keychain' | 'connection' | 'logger' | 'notify' | 'hasWorkspace' | 'onSaved'>;

/**
 * The panel's Save: only the values both steps just passed for, to the scope asked for (user
 * settings taking a workspace's values only once confirmed), the key bound to the origin it passed at.
 */
export class PanelSave {
  constructor(
    private readonly deps: Deps,
    private readonly post: PostToPanel,
    private readonly verification: PanelVerification,
    private readonly keys: KeyResolver,
    /** Where the saved values now come from (SetupController.postSources). */
    private readonly postSources: () => void,
  ) {}

  async save(baseUrl: string, rawKey: string, model: string, scope: ConfigScope): Promise<void> {
    const v = this.verification.verified;
    if (!v || v.baseUrl !== baseUrl || v.apiKey !== rawKey || v.model !== model) {
      this.post({ type: 'saveFailed', message: t('Save becomes available once both steps passed for the values in the form.') });
      return;
    }
    if (scope === 'workspace' && !this.deps.hasWorkspace) {
      this.post({ type: 'saveFailed', message: t('Open a folder or workspace to save workspace settings.') });
      return;
    }
    if (scope === 'user' && !(await confirmCopyToUser(this.deps, v.normalizedBaseUrl, v.model))) {
      this.post({
        type: 'saveFailed',
        message: t(
          "Nothing was saved: this workspace's values were not copied into your user settings. Save to Workspace settings, or enter the Base URL you want.",
        ),
      });
      return;
    }
    // The key is bound to the origin both steps just passed at (keyGate.ts).
    const origin = originOf(v.normalizedBaseUrl, this.deps.settings.useBaseUrlAsEntered);
    const outcome = await saveAll(this.deps.settings, this.deps.keychain, {
      baseUrl: v.normalizedBaseUrl,
      model: v.model,
      key: v.cleanedKey,
      scope,
      origin,
    });
    if (!outcome.ok) {
      this.deps.logger.error(`Save failed (rolled back: ${outcome.rolledBack})`, outcome.message);
      this.post({ type: 'saveFailed', message: outcome.message });
      void this.deps.notify.error(shown(outcome.message, 'notification'));
      return;
    }
    await this.saved(v, scope);
  }

  /** Stored: the connection adopts the verdict, the panel and the utility-model offer hear of it. */
  private async saved(v: Verified, scope: ConfigScope): Promise<void> {
    this.verification.forgetVerified();
    this.keys.useLink(undefined);
    this.deps.logger.info(`Saved Base URL ${v.normalizedBaseUrl} and model ${v.model} to ${scope} settings`);
    let key: string | undefined;
    try {
      key = await this.deps.keychain.get();
    } catch {
      key = undefined;
    }
    const listed =
      v.result.models.length > 0 ? v.result : { ...v.result, models: v.models, ...(v.endpoints && { modelEndpoints: v.endpoints }) };
    if (key) this.deps.connection.adopt(listed, key);
    this.post({
      type: 'saved',
      baseUrl: v.normalizedBaseUrl,
      model: v.model,
      scope,
      keyRedacted: key ? redactKey(key) : v.result.key.redacted,
    });
    this.post({ type: 'announce', text: t('Saved.') });
    this.postSources();
    this.deps.onSaved?.({ model: v.model, models: v.result.models.length > 0 ? v.result.models : v.models });
    if (scope === 'user') warnWorkspaceKeepsOwn(this.deps, v.normalizedBaseUrl, v.model);
  }
}
