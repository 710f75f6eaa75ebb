import { t } from '../../core/l10n';
import { originOf } from '../connection/keyGate';
import { joinShown, tShown, type ShownText } from '../shared/shown';
import type { SetupDeps } from './setupDeps';

type Deps = Pick<SetupDeps, 'settings' | 'connection' | 'notify' | 'logger'>;

/** A setting's value as text, trimmed (undefined when it is not a string, e.g. not set there). */
function trimmedString(v: unknown): string | undefined {
  return typeof v === 'string' ? v.trim() : undefined;
}

/**
 * Saving to User settings a Base URL or model that comes from this workspace's settings (the form
 * was pre-filled with it) replaces the user's own value in every window, and binds the key to
 * that Base URL: asked first, naming both values. True when nothing is moved, or on "Save".
 */
export async function confirmCopyToUser(deps: Deps, baseUrl: string, model: string): Promise<boolean> {
  const s = deps.settings;
  const asEntered = s.useBaseUrlAsEntered;
  const wsBaseUrl = s.inspect('baseUrl', 'workspace');
  const userBaseUrl = s.inspect('baseUrl', 'user');
  const userOrigin = deps.connection.gate.userOrigin();
  const origin = originOf(baseUrl, asEntered);
  const movesBaseUrl =
    typeof wsBaseUrl === 'string' &&
    wsBaseUrl.trim() !== '' &&
    origin !== undefined &&
    originOf(wsBaseUrl, asEntered) === origin &&
    origin !== userOrigin;
  const wsModel = s.inspect('model', 'workspace');
  const userModel = s.inspect('model', 'user');
  const movesModel = typeof wsModel === 'string' && wsModel.trim() === model && model !== '' && userModel !== model;
  if (!movesBaseUrl && !movesModel) return true;
  const parts: ShownText[] = [];
  if (movesBaseUrl)
    parts.push(
      tShown(
        'notification',
        "The Base URL {0} comes from this workspace's settings (.vscode/settings.json). Saving it to your user settings replaces {1} there, for every window, and saves your key for {2}.",
        baseUrl,
        trimmedString(userBaseUrl) || t("RutaAPI's default ({0})", userOrigin),
        origin,
      ),
    );
  if (movesModel)
    parts.push(
      tShown(
        'notification',
        "The model {0} comes from this workspace's settings. Saving it to your user settings replaces {1} there, for every window.",
        model,
        trimmedString(userModel) || t('no model'),
      ),
    );
  const save = t('Save to User Settings');
  // Without a dialog to ask in, nothing is moved (fail closed).
  const answer = deps.notify.modal
    ? await deps.notify.modal(
        tShown('notification', "Copy this workspace's RutaAPI settings into your user settings?"),
        joinShown(...parts),
        save,
      )
    : undefined;
  deps.logger.info(
    `Save to user settings of ${movesBaseUrl ? 'the Base URL' : ''}${movesBaseUrl && movesModel ? ' and ' : ''}${movesModel ? 'the model' : ''} from workspace settings: ${answer === save ? 'confirmed' : 'not confirmed'}`,
  );
  return answer === save;
}

/**
 * After saving to User settings: where this workspace's own rutaapi.baseUrl / rutaapi.model differ
 * from what was saved, this workspace keeps using its own; said with both values.
 */
export function warnWorkspaceKeepsOwn(deps: Deps, baseUrl: string, model: string): void {
  const s = deps.settings;
  const wsBaseUrl = trimmedString(s.inspect('baseUrl', 'workspace'));
  const wsModel = trimmedString(s.inspect('model', 'workspace'));
  const parts: ShownText[] = [];
  if (wsBaseUrl !== undefined && wsBaseUrl !== '' && wsBaseUrl !== baseUrl)
    parts.push(
      tShown(
        'notification',
        "Saved in your user settings, but this workspace's settings (.vscode/settings.json) set the Base URL to {0}: this workspace keeps using {0}, not {1}.",
        wsBaseUrl,
        baseUrl,
      ),
    );
  if (wsModel !== undefined && wsModel !== model)
    parts.push(
      tShown(
        'notification',
        "This workspace's settings set the model to {0}: this workspace keeps using it, not {1}.",
        wsModel || t('no model'),
        model,
      ),
    );
  if (parts.length) void deps.notify.warn(joinShown(...parts));
}
