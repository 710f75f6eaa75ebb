// The status bar item's click: the origin question when one waits, the set-up panel when no key is
// saved, else a pick of the actions (Top Up first when the key's balance is low).
import type * as vscode from 'vscode';
import { t } from '../../core/l10n';
import type { AccountState } from '../account/accountState';
import { isLowBalance } from '../account/figures';
import { pageUrl, type KnownDashboard } from '../account/links';
import { COMMANDS } from '../bootstrap/commandIds';
import type { Connection } from '../connection/connectionState';
import type { Settings } from '../connection/settings';
import { shown } from '../shared/shown';

interface StatusActionsDeps {
  vs: typeof vscode;
  connection: Connection;
  account: AccountState;
  settings: Settings;
  dashboard: KnownDashboard;
}

type ActionItem = vscode.QuickPickItem & { id: string; args?: unknown[] };

function actionItems({ account, settings, dashboard }: StatusActionsDeps): ActionItem[] {
  const snap = account.current;
  const topUp = pageUrl(dashboard, 'topUp');
  const low = !!snap && isLowBalance(snap.read.account, settings.lowBalancePercent);
  return [
    ...(low && topUp
      ? [{ label: `$(credit-card) ${t('Top Up')}`, detail: shown(topUp, 'label'), id: COMMANDS.openDashboard, args: ['topUp'] }]
      : []),
    { label: `$(list-selection) ${t('Select Model')}`, id: COMMANDS.selectModel },
    { label: `$(refresh) ${t('Verify Now')}`, id: COMMANDS.verify },
    { label: `$(gear) ${t('Configure')}`, id: COMMANDS.configure },
    { label: `$(pulse) ${t('Show Account')}`, id: COMMANDS.showAccount },
    { label: `$(graph) ${t('Show Usage')}`, id: COMMANDS.showUsage },
    { label: `$(copy) ${t('Copy Support Report')}`, id: COMMANDS.copySupportReport },
    { label: `$(output) ${t('Show Logs')}`, id: COMMANDS.showLogs },
    // A gateway without a dashboard: no dashboard link.
    ...(dashboard === null ? [] : [{ label: `$(link-external) ${t('Open Dashboard')}`, id: COMMANDS.openDashboard }]),
  ];
}

export async function statusActions(d: StatusActionsDeps): Promise<void> {
  const { vs, connection } = d;
  // Waiting for an origin confirmation: the click opens that question (the modal) directly.
  if (connection.state.kind === 'awaitingOrigin') {
    await connection.verifySaved({ force: true, reason: 'origin review', interactive: true });
    return;
  }
  // No key saved yet ("RutaAPI: Set up"): the click does what it says and opens the set-up panel.
  if (connection.state.kind === 'notConfigured' && connection.state.reason === 'noKey') {
    await vs.commands.executeCommand(COMMANDS.configure);
    return;
  }
  const pick = await vs.window.showQuickPick(actionItems(d), { title: t('RutaAPI Connection'), placeHolder: t('Choose an action') });
  if (pick) await vs.commands.executeCommand(pick.id, ...(pick.args ?? []));
}
