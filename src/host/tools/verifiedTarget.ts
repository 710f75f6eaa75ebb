/**
 * What Set Up Other Tools… writes into other tools' configs: the saved Base URL (as the engine
 * normalises it), the saved key (through the origin gate) and the key's models, only once the
 * saved connection has passed verification. Anything less: say so and offer Configure RutaAPI.
 */
import { t } from '../../core/l10n';
import type { ModelEndpoints } from '../../core/modelProtocols';
import type { VerificationResult } from '../../core/types';
import { shown, tShown, joinShown } from '../shared/shown';
import type { ToolSetupDeps } from './toolSetupDeps';

export interface VerifiedTarget {
  /** The API root with /v1, as the saved connection uses it. */
  baseUrl: string;
  key: string;
  /** The key's /v1/models ids and, when the gateway named them, each model's protocols. */
  models: string[];
  endpoints: ModelEndpoints | undefined;
}

async function savedResult(d: ToolSetupDeps): Promise<VerificationResult | undefined> {
  const s = d.connection.state;
  if (s.kind === 'checked' && s.result.ok && s.baseUrl === d.settings.baseUrl) return s.result;
  return d.vs.window.withProgress(
    { location: d.vs.ProgressLocation.Notification, title: t('RutaAPI: verifying the connection…'), cancellable: true },
    (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return d.connection.verifySaved({ signal: controller.signal, reason: 'Set Up Other Tools', interactive: true });
    },
  );
}

async function notVerified(d: ToolSetupDeps, result: VerificationResult | undefined): Promise<undefined> {
  if (result?.diagnosis.code === 'cancelled') return undefined;
  const configure = t('Configure RutaAPI');
  const why = tShown('notification', 'Setting up other tools needs a saved RutaAPI API key and Base URL that pass verification.');
  const message = result && !result.ok ? joinShown(why, shown(result.diagnosis.title, 'notification')) : why;
  if ((await d.notify.warn(message, configure)) === configure) await d.vs.commands.executeCommand(d.configureCommand);
  return undefined;
}

/** The saved, verified connection and its key, or undefined after saying why not. */
export async function verifiedTarget(d: ToolSetupDeps): Promise<VerifiedTarget | undefined> {
  const result = await savedResult(d);
  if (!result?.ok) return notVerified(d, result);
  const baseUrl = result.baseUrl.normalized ?? d.settings.baseUrl;
  const grant = await d.connection.savedKeyFor(d.settings.baseUrl, { interactive: true });
  if (grant.kind !== 'granted') return notVerified(d, undefined);
  const models = result.models.length ? result.models : (d.cache.get(d.settings.baseUrl)?.models ?? []);
  // Types listed for another list than these ids mean nothing: the cached list is offered unfiltered.
  const endpoints = result.models.length ? result.modelEndpoints : undefined;
  return { baseUrl, key: grant.key, models, endpoints };
}
