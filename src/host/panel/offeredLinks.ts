import type { Diagnosis } from '../../core/types';
import type { OpenTarget } from '../../protocol/messages';
import { pageOfFix, safeHttpUrl, type KnownDashboard } from '../account/links';
import { accountView, dashboardView, urlsOf } from '../account/panelViews';
import type { PostToPanel, SetupDeps } from './setupDeps';

/**
 * The dashboard URLs the host sent to the setup panel (the account's figures, the dashboard's
 * pages, a fix's page): an 'open' from the panel may name only these.
 */
export class OfferedLinks {
  private readonly offered = new Set<string>();

  constructor(
    private readonly deps: Pick<SetupDeps, 'account' | 'settings' | 'logger' | 'open' | 'openUrl'>,
    private readonly post: PostToPanel,
  ) {}

  /** The saved key's figures, as the panel shows them. */
  postAccount(): void {
    const acc = this.deps.account;
    if (!acc) return;
    const view = accountView(acc.current, acc.dashboard, this.deps.settings.lowBalancePercent);
    for (const u of urlsOf(view)) this.offered.add(u);
    this.post({ type: 'account', account: view });
  }

  /** The dashboard links for `baseUrl` (unknown: nothing is posted, the panel keeps what it has). */
  postDashboard(links: KnownDashboard, baseUrl: string): void {
    const view = dashboardView(links, baseUrl);
    if (view === undefined) return;
    for (const u of urlsOf(view)) this.offered.add(u);
    this.post({ type: 'dashboard', dashboard: view });
  }

  /** A fix that opens a dashboard page carries the page's URL: the panel may ask for exactly it. */
  offerFixes(diagnosis: Diagnosis): void {
    for (const f of diagnosis.fixes) {
      const u = pageOfFix(f.kind) ? safeHttpUrl(f.value) : undefined;
      if (u && f.value) this.offered.add(f.value);
    }
  }

  async open(target: OpenTarget, url: string | undefined): Promise<void> {
    if (url !== undefined) {
      const safe = safeHttpUrl(url);
      if (safe && this.offered.has(url) && this.deps.openUrl) {
        await this.deps.openUrl(safe);
        return;
      }
      this.deps.logger.warn(`Setup panel: not opening a link the host did not offer (target ${target})`);
    }
    await this.deps.open(target);
  }
}
