// RutaAPI: Set API Key: asks for a key for the configured Base URL (its origin confirmed first when
// the workspace chose it), verifies it there, and saves it bound to that origin only if it works.
import type * as vscode from 'vscode';
import { analyzeApiKey } from '../../core/apiKey';
import { t } from '../../core/l10n';
import type { VerificationResult } from '../../core/types';
import { pageUrl, type KnownDashboard } from '../account/links';
import type { Connection } from '../connection/connectionState';
import type { Keychain } from '../connection/keychain';
import { originOf } from '../connection/keyGate';
import type { Settings } from '../connection/settings';
import type { Logger } from '../shared/logger';
import type { NotifyPort } from '../shared/ports';
import { shown, tShown } from '../shared/shown';

interface SetApiKeyDeps {
  vs: typeof vscode;
  settings: Settings;
  connection: Connection;
  keychain: Keychain;
  logger: Logger;
  notify: NotifyPort;
  /** The saved configuration's dashboard, as far as it is known (account/links.ts). */
  dashboard(): KnownDashboard;
  showDiagnosis(r: VerificationResult): Promise<void>;
  selectModel(): Promise<void>;
}

/** The input box's message for what is typed: the worst finding of the key analysis. */
function keyInputMessage(vs: typeof vscode, value: string): vscode.InputBoxValidationMessage | undefined {
  if (!value) return undefined;
  const a = analyzeApiKey(value);
  const worst = a.findings.find((f) => f.severity === 'error') ?? a.findings.find((f) => f.severity === 'warning') ?? a.findings[0];
  if (!worst) return undefined;
  const severity =
    worst.severity === 'error'
      ? vs.InputBoxValidationSeverity.Error
      : worst.severity === 'warning'
        ? vs.InputBoxValidationSeverity.Warning
        : vs.InputBoxValidationSeverity.Info;
  // An input box's validation message renders links and icons: the finding quotes pasted text.
  return { message: shown(worst.message, 'notification'), severity };
}

/** Asks for the key (a password box naming the server and, when known, the dashboard's keys page). */
function askForKey(d: SetApiKeyDeps, baseUrl: string, server: string): Thenable<string | undefined> {
  const dashboard = d.dashboard();
  const keysPage = pageUrl(dashboard, 'keys', baseUrl) ?? pageUrl(dashboard, 'home', baseUrl);
  return d.vs.window.showInputBox({
    title: t('RutaAPI: Set API Key'),
    prompt: keysPage
      ? tShown('label', 'Paste your RutaAPI API key for {0} (create one at {1}; RutaAPI shows it only once).', server, keysPage)
      : tShown('label', 'Paste your API key for {0} (the gateway shows it only once when you create it).', server),
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-…',
    validateInput: (value) => keyInputMessage(d.vs, value),
  });
}

/** Verifies the key at the Base URL (with a cancellable notification). */
function verifyKey(d: SetApiKeyDeps, key: string, baseUrl: string, asEntered: boolean, model: string): Thenable<VerificationResult> {
  const { vs, settings, connection } = d;
  return vs.window.withProgress(
    { location: vs.ProgressLocation.Notification, title: t('RutaAPI: verifying the key…'), cancellable: true },
    (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return connection.run({
        apiKey: key,
        baseUrl,
        model: model || undefined,
        timeoutMs: settings.timeoutMs,
        asEntered,
        signal: controller.signal,
      });
    },
  );
}

export async function setApiKey(d: SetApiKeyDeps): Promise<void> {
  const { settings, connection, keychain } = d;
  // The new key goes to this Base URL, read once: named in the prompt and in the result, and an
  // origin that only the workspace's settings chose (or a look-alike host) is confirmed first,
  // before the key is even asked for (keyGate.ts).
  const baseUrl = settings.baseUrl;
  const asEntered = settings.useBaseUrlAsEntered;
  const server = originOf(baseUrl, asEntered) ?? baseUrl;
  if (!(await connection.gate.confirmNewKey(baseUrl))) return;
  const raw = await askForKey(d, baseUrl, server);
  if (raw === undefined) return;
  const analysis = analyzeApiKey(raw);
  if (!analysis.cleaned) {
    void d.notify.error(
      analysis.findings[0] ? shown(analysis.findings[0].message, 'notification') : tShown('notification', 'That is not an API key.'),
    );
    return;
  }
  const key = analysis.cleaned;
  d.logger.addSecret(raw);
  d.logger.addSecret(key);
  const model = settings.model;
  const result = await verifyKey(d, key, baseUrl, asEntered, model);
  if (result.diagnosis.code === 'cancelled') return;
  if (!result.ok) {
    // A failed verification never touches what is saved.
    await d.showDiagnosis(result);
    return;
  }
  // The new key is bound to the origin it was just verified at (keyGate.ts); earlier approvals go.
  const origin = originOf(result.baseUrl.normalized ?? baseUrl, asEntered);
  await keychain.store(key, origin ? { origin } : undefined);
  connection.adopt(result, key);
  const selectModel = t('Select Model');
  const a = await d.notify.info(
    tShown('notification', 'RutaAPI API key verified and saved for {0} ({1}).', origin ?? server, result.key.redacted),
    ...(model ? [] : [selectModel]),
  );
  if (a === selectModel) await d.selectModel();
}
