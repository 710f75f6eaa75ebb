import { analyzeApiKey } from '../../core/apiKey';
import { originOf } from '../connection/keyGate';
import { shown } from '../shared/shown';
import type { PanelLink, SetupDeps } from './setupDeps';

/**
 * Which key a verification from the setup panel sends: the typed one, a dashboard link's, or the
 * saved one through the origin gate (keyGate.ts), each only where the person agreed to send it.
 */
export class KeyResolver {
  /** A dashboard link's Base URL and key (commands/connectUri.ts): the key is used while the field is empty. */
  private pendingLink: PanelLink | undefined;
  /** Origins the person confirmed for a typed key in this panel (keyGate.ts confirmNewKey). */
  private readonly confirmedForNewKey = new Set<string>();

  constructor(
    private readonly deps: Pick<SetupDeps, 'settings' | 'connection' | 'notify'>,
    private readonly remember: (secret: string) => void,
  ) {}

  get link(): PanelLink | undefined {
    return this.pendingLink;
  }

  /** Until Save (or a later link), the link's key stands in for an empty key field at its Base URL. */
  useLink(link: PanelLink | undefined): void {
    this.pendingLink = link;
  }

  /** The link's key, when the form's key field is empty and its Base URL is the link's. */
  linkKeyFor(baseUrl: string, rawKey: string): string | undefined {
    return rawKey.trim() === '' && this.pendingLink?.baseUrl === baseUrl ? this.pendingLink.key : undefined;
  }

  /**
   * The key to verify with: the typed one, or (empty field) the saved one through the origin gate
   * (keyGate.ts): undefined when the person did not approve sending it to `baseUrl`'s origin.
   */
  async resolve(raw: string, baseUrl: string): Promise<string | undefined> {
    const fromLink = this.linkKeyFor(baseUrl, raw);
    if (fromLink !== undefined) return fromLink;
    if (raw.trim() !== '') {
      this.remember(raw);
      const cleaned = analyzeApiKey(raw).cleaned;
      if (cleaned) this.remember(cleaned);
      return (await this.mayReceiveNewKey(baseUrl)) ? raw : undefined;
    }
    const grant = await this.deps.connection.savedKeyFor(baseUrl, { interactive: true });
    switch (grant.kind) {
      case 'granted':
        return grant.key;
      case 'noKey':
      case 'noOrigin':
        // Nothing to send with (or nowhere to send it): the engine's pre-flight says what is missing.
        return '';
      case 'keychainError':
        void this.deps.notify.error(shown(grant.message, 'notification'));
        return '';
      case 'needsApproval':
        return undefined;
    }
  }

  /**
   * A typed key for `baseUrl`: an origin that only the workspace's settings chose (the form was
   * pre-filled with it) or a look-alike host is confirmed first (keyGate.ts), once per origin for
   * this panel.
   */
  private async mayReceiveNewKey(baseUrl: string): Promise<boolean> {
    const origin = originOf(baseUrl, this.deps.settings.useBaseUrlAsEntered);
    if (origin !== undefined && this.confirmedForNewKey.has(origin)) return true;
    const yes = await this.deps.connection.gate.confirmNewKey(baseUrl);
    if (yes && origin !== undefined) this.confirmedForNewKey.add(origin);
    return yes;
  }
}
