import { t } from '../../core/l10n';
import type { CopyWhat } from '../../protocol/messages';
import { shown, tShown } from '../shared/shown';
import type { PostToPanel, SetupDeps } from './setupDeps';

type Deps = Pick<SetupDeps, 'settings' | 'keychain' | 'connection' | 'clipboard' | 'notify' | 'supportReport'>;

/** The panel's Copy buttons: the saved Base URL, model, key (with a warning) or a support report (no key). */
export async function copyForPanel(deps: Deps, post: PostToPanel, what: CopyWhat): Promise<void> {
  const s = deps.settings;
  switch (what) {
    case 'baseUrl':
      await deps.clipboard.writeText(s.baseUrl);
      post({ type: 'announce', text: t('Base URL copied.') });
      return;
    case 'model':
      await deps.clipboard.writeText(s.model);
      post({ type: 'announce', text: t('Model id copied.') });
      return;
    case 'key':
      return copyKey(deps, post);
    case 'report': {
      const r = deps.connection.lastResult;
      if (!r) {
        post({ type: 'announce', text: t('Run a verification first.') });
        return;
      }
      await deps.clipboard.writeText(await deps.supportReport(r));
      post({ type: 'announce', text: t('Support report copied. It contains no API key.') });
      return;
    }
  }
}

async function copyKey(deps: Deps, post: PostToPanel): Promise<void> {
  let key: string | undefined;
  try {
    key = await deps.keychain.get();
  } catch (e) {
    void deps.notify.error(shown(e instanceof Error ? e.message : String(e), 'notification'));
    return;
  }
  if (!key) {
    post({ type: 'announce', text: t('No API key is saved.') });
    return;
  }
  await deps.clipboard.writeText(key);
  post({ type: 'announce', text: t('API key copied.') });
  void deps.notify.warn(
    tShown(
      'notification',
      "Your RutaAPI API key is on the clipboard. Paste it only into Cursor's API key field, and copy something else afterwards.",
    ),
  );
}
