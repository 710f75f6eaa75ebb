// Entry of dist/panel.js, the host's on-demand UI: the setup panel (loaded when it first opens) and
// the Show Account / Open Dashboard views (loaded when first used).
import { pickDashboardPage, showAccount } from '../account/accountQuickPick';
import { SetupPanel } from './setupPanel';

export { SetupPanel, pickDashboardPage, showAccount };

/** What dist/panel.js provides (the host imports this type only; startHost.ts checks the shape). */
export interface PanelModule {
  SetupPanel: typeof SetupPanel;
  showAccount: typeof showAccount;
  pickDashboardPage: typeof pickDashboardPage;
}
