// Entry of dist/panel.js, the host's on-demand UI: the setup panel (loaded when it first opens) and
// the Show Account / Open Dashboard views (loaded when first used).
export { SetupPanel } from './setupPanel';
export { pickDashboardPage, showAccount } from '../account/accountQuickPick';
