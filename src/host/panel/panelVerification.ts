import { analyzeApiKey } from '../../core/apiKey';
import { t } from '../../core/l10n';
import { chatModels, otherModels, type ModelEndpoints } from '../../core/modelProtocols';
import type { VerificationResult } from '../../core/types';
import { dashboardOf } from '../account/links';
import { originOf } from '../connection/keyGate';
import type { KeyResolver } from './keyResolver';
import type { OfferedLinks } from './offeredLinks';
import type { PostToPanel, SetupDeps } from './setupDeps';
import { diagnosisView, stepView } from './verdictViews';

/** Both steps passed for these form values: what Save may store. */
export interface Verified {
  baseUrl: string;
  apiKey: string;
  model: string;
  result: VerificationResult;
  /** Step 1's list: step 2 alone (chatOnly) returns no models, yet the saved connection offers them all. */
  models: string[];
  /** Step 1's endpoint types for those models (step 2 alone lists none). */
  endpoints: ModelEndpoints | undefined;
  cleanedKey: string | undefined;
  normalizedBaseUrl: string;
}

interface ModelsPassed {
  baseUrl: string;
  apiKey: string;
  /** Every id step 1 listed, chat or not (the engine names a model that cannot chat from these). */
  models: string[];
  endpoints: ModelEndpoints | undefined;
}

/** One run of the form's values: a later run or a cancel makes its id stale and its answers ignored. */
interface Run {
  id: number;
  signal: AbortSignal;
  baseUrl: string;
  rawKey: string;
  apiKey: string;
  allowInsecureHttp: boolean;
}

/**
 * The setup panel's two steps (the model list, then one chat request): one run at a time, its
 * progress and verdict posted to the panel, and what passed kept for Save.
 */
export class PanelVerification {
  private abort: AbortController | undefined;
  private runId = 0;
  private modelsPassed: ModelsPassed | undefined;
  private passed: Verified | undefined;

  constructor(
    private readonly deps: Pick<SetupDeps, 'settings' | 'connection' | 'account'>,
    private readonly post: PostToPanel,
    private readonly keys: KeyResolver,
    private readonly links: OfferedLinks,
  ) {}

  /** What passed last, until Save stores it or a new run starts. */
  get verified(): Verified | undefined {
    return this.passed;
  }

  forgetVerified(): void {
    this.passed = undefined;
  }

  dispose(): void {
    this.abort?.abort();
  }

  async verify(baseUrl: string, rawKey: string, model: string | undefined, allowInsecureHttp: boolean): Promise<void> {
    const { id, signal } = this.begin();
    this.passed = undefined;
    this.modelsPassed = undefined;
    this.post({ type: 'step', step: { name: 'models', state: 'running' } });
    this.post({ type: 'step', step: { name: 'chat', state: 'idle' } });
    this.post({ type: 'announce', text: t('Verifying…') });
    const s = this.deps.settings;
    const apiKey = await this.keys.resolve(rawKey, baseUrl);
    if (id !== this.runId) return;
    if (apiKey === undefined) return this.notSent(baseUrl, rawKey);
    const r1 = await this.deps.connection.run({
      apiKey,
      baseUrl,
      timeoutMs: s.timeoutMs,
      asEntered: s.useBaseUrlAsEntered,
      allowInsecureHttp,
      signal,
    });
    if (id !== this.runId) return; // cancelled or superseded
    this.post({
      type: 'step',
      step: stepView(
        'models',
        r1.steps.find((x) => x.name === 'models'),
        r1.ok,
      ),
    });
    this.links.postDashboard(dashboardOf(r1), baseUrl);
    if (!r1.ok) return this.finish(r1, false);
    this.modelsPassed = { baseUrl, apiKey: rawKey, models: r1.models, endpoints: r1.modelEndpoints };
    // Only models that can chat are choices; the others are listed apart with what they serve.
    const choices = chatModels(r1.models, r1.modelEndpoints);
    const wanted = model || s.model;
    const selected = wanted && choices.includes(wanted) ? wanted : undefined;
    const others = otherModels(r1.models, r1.modelEndpoints).map((o) => ({ id: o.id, serves: [...o.serves] }));
    this.post({ type: 'models', models: choices, selected, ...(others.length > 0 ? { others } : {}) });
    const run: Run = { id, signal, baseUrl, rawKey, apiKey, allowInsecureHttp };
    // A model id /models did not return is tested anyway, so the engine names the problem (404
    // model_not_found) and the closest returned id can be offered; so is a saved model that cannot
    // chat, so the engine says so (model_wrong_protocol) before any chat request.
    if (!selected && model) return this.chat(run, model);
    if (!selected && wanted && others.some((o) => o.id === wanted)) return this.chat(run, wanted);
    if (!selected) return this.noModelPicked(wanted, choices.length);
    await this.chat(run, selected);
  }

  /** Step 2 alone for another model, when step 1 passed for the same Base URL and key. */
  async verifyModel(baseUrl: string, rawKey: string, model: string): Promise<void> {
    const passed = this.modelsPassed;
    if (!passed || passed.baseUrl !== baseUrl || passed.apiKey !== rawKey || !passed.models.includes(model)) {
      return this.verify(baseUrl, rawKey, model, false);
    }
    const { id, signal } = this.begin();
    this.passed = undefined;
    const apiKey = await this.keys.resolve(rawKey, baseUrl);
    if (id !== this.runId) return;
    if (apiKey === undefined) return this.notSent(baseUrl, rawKey);
    await this.chat({ id, signal, baseUrl, rawKey, apiKey, allowInsecureHttp: false }, model);
  }

  /** Returns at once: the running request is aborted and its late answer ignored. */
  cancel(): void {
    if (!this.abort) return;
    this.abort.abort();
    this.abort = undefined;
    this.runId += 1;
    this.post({ type: 'step', step: { name: 'models', state: this.modelsPassed ? 'ok' : 'idle' } });
    this.post({ type: 'step', step: { name: 'chat', state: 'idle' } });
    this.post({ type: 'verifyDone', ok: false, cancelled: true });
    this.post({ type: 'announce', text: t('Verification cancelled.') });
  }

  private begin(): { id: number; signal: AbortSignal } {
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    this.runId += 1;
    return { id: this.runId, signal: controller.signal };
  }

  private async chat(run: Run, model: string): Promise<void> {
    const { baseUrl, rawKey } = run;
    const s = this.deps.settings;
    this.post({ type: 'step', step: { name: 'chat', state: 'running', model } });
    const r2 = await this.deps.connection.run({
      apiKey: run.apiKey,
      baseUrl,
      model,
      chatOnly: true,
      knownModels: this.modelsPassed?.models,
      knownEndpoints: this.modelsPassed?.endpoints,
      timeoutMs: s.timeoutMs,
      asEntered: s.useBaseUrlAsEntered,
      allowInsecureHttp: run.allowInsecureHttp,
      signal: run.signal,
    });
    if (run.id !== this.runId) return;
    this.post({
      type: 'step',
      step: {
        ...stepView(
          'chat',
          r2.steps.find((x) => x.name === 'chat'),
          r2.ok,
        ),
        model,
      },
    });
    this.links.postDashboard(dashboardOf(r2), baseUrl);
    // The saved key passed for the saved Base URL: its figures are worth reading again (policy permitting).
    const fromLink = this.keys.linkKeyFor(baseUrl, rawKey);
    if (r2.ok && rawKey.trim() === '' && !fromLink && baseUrl === s.baseUrl) void this.deps.account?.refresh('check');
    if (r2.ok) {
      this.passed = {
        baseUrl,
        apiKey: rawKey,
        model,
        result: r2,
        models: this.modelsPassed?.models ?? [],
        endpoints: this.modelsPassed?.endpoints,
        cleanedKey: rawKey.trim() === '' ? fromLink : (r2.key.cleaned ?? analyzeApiKey(rawKey).cleaned ?? undefined),
        normalizedBaseUrl: r2.baseUrl.normalized ?? baseUrl,
      };
    }
    this.finish(r2, r2.ok, model);
  }

  /** Step 1 passed but no model is chosen: the person picks one before step 2. */
  private noModelPicked(wanted: string, count: number): void {
    this.post({
      type: 'announce',
      text: wanted
        ? t('The saved model {0} is not returned by /models. Pick another one.', wanted)
        : t('{0} models loaded. Pick a model to run step 2.', count),
    });
    this.post({ type: 'verifyDone', ok: false, cancelled: false });
  }

  private finish(result: VerificationResult, ok: boolean, model?: string): void {
    this.abort = undefined;
    if (ok) {
      this.post({ type: 'verifyDone', ok: true, cancelled: false, verifiedModel: model });
      this.post({ type: 'announce', text: t('Both steps passed. You can save now.') });
      return;
    }
    const cancelled = result.diagnosis.code === 'cancelled';
    this.links.offerFixes(result.diagnosis);
    this.post({ type: 'verifyDone', ok: false, cancelled, diagnosis: cancelled ? undefined : diagnosisView(result.diagnosis) });
    this.post({
      type: 'announce',
      text: cancelled ? t('Verification cancelled.') : t('Verification failed: {0}', result.diagnosis.title),
    });
  }

  /** The key was not approved (saved) or confirmed (typed) for this origin: nothing was sent, the panel is usable again. */
  private notSent(baseUrl: string, rawKey: string): void {
    const origin = originOf(baseUrl, this.deps.settings.useBaseUrlAsEntered) ?? baseUrl;
    this.abort = undefined;
    this.post({ type: 'step', step: { name: 'models', state: 'idle' } });
    this.post({ type: 'step', step: { name: 'chat', state: 'idle' } });
    this.post({ type: 'verifyDone', ok: false, cancelled: true });
    this.post({
      type: 'announce',
      text:
        rawKey.trim() !== ''
          ? t('Nothing was sent: you did not confirm {0} as the server for your key.', origin)
          : t(
              'Nothing was sent: your saved API key is not approved for {0}. Paste the key to use it there, or confirm the server when asked.',
              origin,
            ),
    });
  }
}
