// Entry of dist/panel.js, the host's on-demand UI: the setup panel (loaded when it first opens) and
// the Show Account / Open Dashboard views (loaded when first used).
import { pickDashboardPage, showAccount } from '../account/accountQuickPick';
import { SetupPanel } from './setupPanel';
import { handleConnectUri } from '../commands/connectUri';
import { CursorCheck } from '../commands/cursorCheck';

export { SetupPanel, pickDashboardPage, showAccount, handleConnectUri, CursorCheck };

/** What dist/panel.js provides (the host imports this type only; startHost.ts checks the shape). */
export interface PanelModule {
  SetupPanel: typeof SetupPanel;
  showAccount: typeof showAccount;
  pickDashboardPage: typeof pickDashboardPage;
  /** Dashboard links (commands/connectUri.ts): a link always opens the panel. */
  handleConnectUri: typeof handleConnectUri;
  /** Check Cursor Settings (commands/cursorCheck.ts), Cursor only. */
  CursorCheck: typeof CursorCheck;
}
