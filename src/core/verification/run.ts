/** What every step of one verification shares: the client, the deadline, the result so far. */
import type { DiagnosisContext } from '../diagnosis';
import type { GatewayClient } from '../gatewayClient';
import type { Scrubber } from '../scrub';
import type { ModelEndpoints } from '../modelProtocols';
import type { StepName } from '../types';
import type { Deadline } from './deadline';
import type { DiscoveryWatch } from './discoveryWatch';
import type { ResultDraft } from './result';

export interface VerifyRun {
  /** The normalised Base URL and the cleaned key (pre-flight passed). */
  baseURL: string;
  apiKey: string;
  origin: string | undefined;
  gateway: GatewayClient;
  deadline: Deadline;
  discovery: DiscoveryWatch;
  scrubber: Scrubber;
  draft: ResultDraft;
  /** A chatOnly run has no step 1: the caller's earlier list stands in for it in diagnoses only. */
  knownModels: string[];
  /** A chatOnly run: the endpoint types the caller's earlier list named (model_wrong_protocol before step 2). */
  knownEndpoints?: ModelEndpoints;
  /** Whether the key-state request after a 401 was already made (at most once per check). */
  probed401: boolean;
}

function hasProxyEnv(): boolean {
  const env = process.env;
  return !!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || env.ALL_PROXY || env.all_proxy);
}

export function contextFor(run: VerifyRun, step: StepName, url: string): DiagnosisContext {
  const models = run.draft.models;
  return {
    step,
    baseUrl: run.baseURL,
    url,
    model: run.draft.model,
    models: models.length > 0 ? models : run.knownModels,
    apiKey: run.apiKey,
    scrubber: run.scrubber,
    viaProxy: hasProxyEnv(),
    dashboard: 'defer',
  };
}

/** `{base}/{path}` without a doubled slash. */
export function endpoint(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, '')}/${path}`;
}
