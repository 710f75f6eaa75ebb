import type * as vscode from 'vscode';
import { t } from '../../core/l10n';
import type { AccountSnapshot, AccountState, RefreshOutcome } from './accountState';
import { accountLines, isLowBalance } from './figures';
import { pageUrl, type DashboardPage, type KnownDashboard } from './links';
import { COMMANDS } from '../bootstrap/commandIds';
import type { NotifyPort } from '../shared/ports';
import type { Settings } from '../connection/settings';
import { shown, tShown } from '../shared/shown';

/**
 * On-demand account UI, in panel.js so host.js stays within its budget: RutaAPI: Show Account (the
 * saved key's figures with Refresh, Top Up and the keys page) and Open Dashboard's pick. Stateless.
 */
export interface AccountUiDeps {
  vs: typeof vscode;
  account: Pick<AccountState, 'current' | 'dashboard' | 'refresh'>;
  settings: Settings;
  notify: Required<NotifyPort>;
  openUrl(url: string): Promise<unknown>;
  openPage(page: DashboardPage): Promise<void>;
  verify(): Promise<void>;
}

type AccountAction = 'refresh' | 'showUsage' | DashboardPage;

/** Show Account's items: the figures (text from the gateway through shown), then the actions. */
function accountItems(
  snap: AccountSnapshot,
  links: KnownDashboard,
  lowBalancePercent: number,
  now = Date.now(),
): Array<vscode.QuickPickItem & { action?: AccountAction }> {
  const a = snap.read.account;
  const items: Array<vscode.QuickPickItem & { action?: AccountAction }> = [];
  if (a) {
    const low = isLowBalance(a, lowBalancePercent);
    accountLines(a, 'label', { now }).forEach((line, i) =>
      items.push({ label: `${i === 0 ? (low ? '$(warning)' : '$(credit-card)') : '$(blank)'} ${line}` }),
    );
  } else {
    items.push({ label: `$(info) ${t("This gateway does not report the key's balance.")}` });
  }
  items.push({ label: `$(refresh) ${t('Refresh')}`, action: 'refresh' });
  items.push({
    label: `$(graph) ${t('Show Usage')}`,
    detail: t("Where this key's credits went: charts and a table of its requests"),
    action: 'showUsage',
  });
  const pages: Array<[DashboardPage, string, string]> = [
    ['topUp', 'credit-card', t('Top Up')],
    ['keys', 'key', t('Open Keys Page')],
    ['usage', 'graph', t('Open Usage Logs')],
  ];
  for (const [page, icon, label] of pages) {
    const url = pageUrl(links, page);
    if (url) items.push({ label: `$(${icon}) ${label}`, detail: shown(url, 'label'), action: page });
  }
  return items;
}

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** What Show Account's placeholder says after Refresh. */
function refreshNote(o: RefreshOutcome): string | undefined {
  switch (o.kind) {
    case 'read':
      return undefined;
    case 'rateLimited':
      return tShown('label', 'The gateway asked to slow down: not refreshed. Try again after {0}.', time(o.retryAt));
    case 'skipped':
      return o.decision.retryAt !== undefined
        ? tShown('label', 'Refreshed moments ago. Try again after {0}.', time(o.decision.retryAt))
        : t('Not refreshed.');
    default:
      return t('Not refreshed: the RutaAPI log has the details.');
  }
}

/** RutaAPI: Show Account. The caller has checked that a key is saved. */
export async function showAccount(d: AccountUiDeps, note?: string): Promise<void> {
  const { vs, account } = d;
  let snap = account.current;
  if (!snap) {
    const outcome = await vs.window.withProgress(
      { location: vs.ProgressLocation.Notification, title: t("RutaAPI: reading the key's balance…") },
      () => account.refresh('manual'),
    );
    snap = outcome.kind === 'read' ? outcome.snapshot : account.current;
    if (!snap) return unavailable(d, outcome);
  }
  const pick = await vs.window.showQuickPick(accountItems(snap, account.dashboard, d.settings.lowBalancePercent), {
    title: t('RutaAPI: Account'),
    placeHolder: note ?? tShown('label', 'Read at {0}', time(snap.readAt)),
  });
  if (pick?.action === 'refresh') return showAccount(d, refreshNote(await account.refresh('manual')));
  if (pick?.action === 'showUsage') return void (await vs.commands.executeCommand(COMMANDS.showUsage));
  if (pick?.action) return d.openPage(pick.action);
}

async function unavailable(d: AccountUiDeps, o: RefreshOutcome): Promise<void> {
  if (o.kind === 'rateLimited') {
    void d.notify.warn(tShown('notification', 'The gateway asked to slow down. Try again after {0}.', time(o.retryAt)));
  } else if (o.kind === 'skipped' && o.decision.retryAt !== undefined) {
    void d.notify.info(tShown('notification', 'The balance was asked for moments ago. Try again after {0}.', time(o.decision.retryAt)));
  } else if (o.kind === 'notChecked') {
    const verify = t('Verify Now');
    const a = await d.notify.info(
      tShown('notification', "The key's balance is read after a check of the saved configuration: verify the connection first."),
      verify,
    );
    if (a === verify) await d.verify();
  } else {
    void d.notify.warn(tShown('notification', "The key's balance could not be read. The RutaAPI log has the details."));
  }
}

/** Open Dashboard without a page: a pick of the pages the gateway has (one page opens at once). */
export async function pickDashboardPage(d: AccountUiDeps): Promise<void> {
  const links = d.account.dashboard;
  const baseUrl = d.settings.baseUrl;
  const all: Array<[DashboardPage, string, string]> = [
    ['keys', 'key', t('API Keys')],
    ['topUp', 'credit-card', t('Top Up')],
    ['usage', 'graph', t('Usage Logs')],
    ['home', 'home', t('Dashboard')],
  ];
  const seen = new Set<string>();
  const items = all.flatMap(([page, icon, label]) => {
    const url = pageUrl(links, page, baseUrl);
    if (!url || seen.has(url)) return [];
    seen.add(url);
    return [{ label: `$(${icon}) ${label}`, detail: shown(url, 'label'), url }];
  });
  // None known (a gateway without a dashboard, or nothing known yet): openPage says why.
  if (items.length === 0) return d.openPage('home');
  if (items.length === 1) {
    await d.openUrl(items[0].url);
    return;
  }
  const pick = await d.vs.window.showQuickPick(items, { title: t('RutaAPI: Open Dashboard') });
  if (pick) await d.openUrl(pick.url);
}
