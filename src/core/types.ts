/**
 * The vocabulary shared by the whole product: the engine, the editor, the terminal doctor,
 * the sandbox tests and the benchmarks. Codes are a public contract (doctor --json, support
 * reports, tests): add new ones, never rename.
 */

import type { AccountFigures, DashboardLinks } from './gatewayAccount/types';
import type { ModelEndpoints } from './modelProtocols';

export type Severity = 'error' | 'warning' | 'info';

/** Findings about the Base URL text, before any request is made. */
export type BaseUrlFindingCode =
  | 'empty'
  | 'whitespace'
  | 'missing_scheme'
  | 'unsupported_scheme'
  | 'unparseable'
  | 'insecure_http'
  | 'credentials_in_url'
  | 'query_or_fragment'
  | 'trailing_slash'
  | 'double_slash'
  | 'endpoint_as_base_url'
  | 'missing_v1'
  | 'marketing_site'
  | 'dashboard_url'
  | 'foreign_provider'
  | 'local_address'
  | 'uppercase_host'
  | 'idn_host'
  | 'used_as_entered'
  /** User info that looks like a host name (`https://api.rutaapi.com@other.example`): error. */
  | 'userinfo_host'
  /** A non-RutaAPI host that contains "rutaapi" or is one edit from a RutaAPI host: warning. */
  | 'lookalike_host';

export interface BaseUrlFinding {
  code: BaseUrlFindingCode;
  severity: Severity;
  /** One user-facing sentence, already localised through core/l10n. */
  message: string;
  /** A URL the user can switch to with one click, when one exists. */
  suggestedUrl?: string;
  /** Display name of another platform, for foreign_provider. */
  provider?: string;
}

export interface BaseUrlAnalysis {
  /** Exactly what the user typed or pasted. */
  input: string;
  /** The URL verification uses, or null when nothing usable could be derived. */
  normalized: string | null;
  findings: BaseUrlFinding[];
  /** True when the user opted out of normalisation (rutaapi.useBaseUrlAsEntered). */
  asEntered: boolean;
}

export type KeyFindingCode =
  | 'empty'
  | 'trimmed_whitespace'
  | 'removed_bearer_prefix'
  | 'removed_quotes'
  | 'inner_whitespace'
  | 'non_ascii'
  | 'looks_like_url'
  | 'looks_like_email'
  | 'too_short'
  | 'foreign_key_format';

export interface KeyFinding {
  code: KeyFindingCode;
  severity: Severity;
  message: string;
  /** Display name of the platform the key format belongs to, for foreign_key_format. */
  platform?: string;
}

export interface KeyAnalysis {
  /** The cleaned key, or null when the input cannot be a key. Never log or display this. */
  cleaned: string | null;
  /** Safe to show: a short prefix and the last 4 characters at most, e.g. `sk-ru…a1b2`. */
  redacted: string;
  findings: KeyFinding[];
  /** Platform named by a foreign key format, if any. */
  foreignPlatform?: string;
}

/** The panel, the doctor, tests and support reports key on these codes: add, never rename. */
export type DiagnosisCode =
  | 'ok'
  | 'invalid_base_url'
  | 'marketing_site'
  | 'dashboard_url'
  | 'endpoint_as_base_url'
  | 'missing_v1'
  | 'insecure_http'
  | 'html_response'
  | 'redirect'
  | 'unauthorized'
  | 'key_platform_mismatch'
  | 'forbidden'
  | 'insufficient_credits'
  | 'path_not_found'
  | 'model_not_found'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'server_error'
  | 'timeout'
  | 'dns_failure'
  | 'connection_refused'
  | 'tls_error'
  | 'proxy_error'
  | 'no_models'
  | 'invalid_response'
  | 'invalid_key_format'
  | 'cancelled'
  | 'missing_key'
  | 'missing_model'
  | 'response_too_large'
  | 'connection_reset'
  | 'network_error'
  /** A 4xx other than 401/402/403/404/407/408/429: the gateway refused the request itself. */
  | 'request_rejected'
  /**
   * An error finding on the Base URL says the key must not be sent there (an IDN look-alike of
   * RutaAPI, user info that looks like a host): no request was made.
   */
  | 'unsafe_base_url'
  /** 401 from a new-api gateway, and its /api/usage/token/ says the key's own limit is spent. */
  | 'key_exhausted'
  /** 401 from a new-api gateway, and the key's expiry date has passed (the detail names it). */
  | 'key_expired'
  /** 401 from a new-api gateway for a key it knows that is neither spent nor expired: disabled. */
  | 'key_disabled'
  /** 403 `pre_consume_token_quota_failed`: the KEY's own limit is below this request, not the wallet. */
  | 'key_quota_too_low'
  /** 403 "This token has no access to model X": the key is limited to other models. */
  | 'model_not_allowed'
  /** 503 `model_not_found` ("No available channel for model X"): listed, but no route right now. */
  | 'model_unavailable'
  /** The chosen model's `supported_endpoint_types` do not include chat completions (`openai`): nothing sent. */
  | 'model_wrong_protocol';

/** Something the UI can do in one click. `value` carries the URL, model id or seconds. */
export type FixKind =
  | 'use_url'
  | 'open_tokens'
  | 'open_billing'
  | 'open_dashboard'
  | 'pick_model'
  | 'retry_after'
  | 'retry'
  | 'open_proxy_settings'
  | 'edit_key'
  | 'edit_base_url'
  | 'contact_support'
  | 'confirm_insecure';

export interface Fix {
  kind: FixKind;
  label: string;
  value?: string;
}

export interface Evidence {
  status?: number;
  requestId?: string;
  errorCode?: string;
  errorType?: string;
  errorMessage?: string;
  retryAfterSeconds?: number;
  url?: string;
  location?: string;
  contentType?: string;
  /** Error name/cause code for network failures, e.g. ENOTFOUND, ECONNREFUSED. */
  networkCode?: string;
}

export interface Diagnosis {
  code: DiagnosisCode;
  severity: Severity;
  title: string;
  detail: string;
  fixes: Fix[];
  evidence: Evidence;
  /** Short text for the status bar, e.g. "401", "No credits", "429". */
  short: string;
}

export type StepName = 'models' | 'chat';

export interface StepResult {
  name: StepName;
  ok: boolean;
  status: number | null;
  requestId: string | null;
  latencyMs: number;
  code: DiagnosisCode;
  contentType?: string | null;
  /** Step 1: how many models were returned. */
  modelCount?: number;
  /** Step 2: the first characters of the model's reply. */
  replyExcerpt?: string;
  /** Approximate bytes sent in the request body. */
  requestBytes?: number;
}

export interface VerifyOptions {
  /** Raw text from the user; cleaned by the key analysis. */
  apiKey: string;
  /** Raw text from the user; analysed and normalised unless asEntered. */
  baseUrl: string;
  /** When absent, only step 1 (models) runs. */
  model?: string;
  /** One overall deadline for the whole verification. Default 15 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Use the Base URL exactly as entered (rutaapi.useBaseUrlAsEntered). */
  asEntered?: boolean;
  /** Plain http:// to a non-loopback host is refused unless the user confirmed it. */
  allowInsecureHttp?: boolean;
  /** Injected for tests and benchmarks; defaults to globalThis.fetch at call time. */
  fetch?: typeof globalThis.fetch;
  /** Skip step 1 and run only the chat step (model picker). */
  chatOnly?: boolean;
  /**
   * Ids an earlier GET /models returned, for a chatOnly run: a model_not_found diagnosis then
   * names and offers the closest one, as a full verification does.
   */
  knownModels?: readonly string[];
  /** With knownModels: the endpoint types that list named, so a model that cannot chat is named before any request. */
  knownEndpoints?: ModelEndpoints;
}

export interface VerificationResult {
  ok: boolean;
  /**
   * Dashboard pages for this gateway (core/gatewayAccount/discovery): links, `null` when the
   * gateway has none, absent when discovery had not answered when the verdict was reached.
   */
  dashboard?: DashboardLinks | null;
  /** The key's figures when the check read them (a failed check on a new-api gateway); else absent. */
  account?: AccountFigures | null;
  diagnosis: Diagnosis;
  baseUrl: BaseUrlAnalysis;
  key: KeyAnalysis;
  steps: StepResult[];
  /** Model ids returned by /models, in server order. Never guessed. */
  models: string[];
  /**
   * Per model, the protocols /models named (`supported_endpoint_types`, core/modelProtocols.ts);
   * absent when no model named any (a gateway that does not send the field: every model can chat).
   */
  modelEndpoints?: ModelEndpoints;
  model?: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  finishedAt: string;
}
