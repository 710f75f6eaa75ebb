import { DEFAULT_ORIGIN, type KeyGate } from '../connection/keyGate';
import type { Keychain } from '../connection/keychain';
import type { Logger } from '../shared/logger';
import type { NotifyPort } from '../shared/ports';
import { shown, tShown } from '../shared/shown';
import { parseConnectLink, refusalText, type ConnectLink } from './connectLink';

/** The slice of vscode.Uri a link is read from (the editor hands the query decoded). */
export interface LinkUri {
  path: string;
  query: string;
}

interface ConnectUriDeps {
  gate: Pick<KeyGate, 'confirmLinkOrigin' | 'userOrigin' | 'approvedOrigins'>;
  keychain: Pick<Keychain, 'get'>;
  notify: Pick<NotifyPort, 'error' | 'info'>;
  logger: Logger;
  /** Opens the setup panel with the link's values and starts its verification (never saves). */
  openPanel(link: ConnectLink): PromiseLike<void>;
}

/**
 * The URI handler, in panel.js (a link always opens the panel) (`<uriScheme>://rutaapi.rutaapi-connect/connect?address=…&key=…`): a refused link
 * is named with its reason and nothing is sent; a link to an origin the person has not chosen
 * (RutaAPI's own, the user's Base URL, or one the saved key is approved for) is put to them first,
 * before anything is sent. Neither the URI nor the key is ever logged or shown (the key's prefix at most).
 */
export async function handleConnectUri(d: ConnectUriDeps, uri: LinkUri): Promise<void> {
  const parsed = parseConnectLink(uri);
  if (!parsed.ok) {
    d.logger.warn(`Refused a link to RutaAPI Connect: ${parsed.reason}`);
    void d.notify.error(shown(refusalText(parsed.reason), 'notification'));
    return;
  }
  const link = parsed.link;
  d.logger.addSecret(link.key);
  if (!(await chosenBefore(d, link.origin)) && !(await d.gate.confirmLinkOrigin(link.baseUrl))) {
    d.logger.info(`A link for ${link.origin} was not confirmed: nothing was sent`);
    void d.notify.info(
      tShown('notification', 'Nothing was sent: you did not confirm {0} as the server for the key in the link.', link.origin),
    );
    return;
  }
  d.logger.info(`A link opened the setup panel for ${link.baseUrl} (key ${link.keyPrefix})`);
  await d.openPanel(link);
}

/** RutaAPI's own origin, the user's Base URL's, or one the saved key is already approved for. */
async function chosenBefore(d: ConnectUriDeps, origin: string): Promise<boolean> {
  if (origin === DEFAULT_ORIGIN || origin === d.gate.userOrigin()) return true;
  try {
    const saved = await d.keychain.get();
    return !!saved && (await d.gate.approvedOrigins(saved)).includes(origin);
  } catch (e) {
    d.logger.warn('Could not read the saved key to compare origins', e);
    return false;
  }
}
