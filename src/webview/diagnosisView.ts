// The diagnosis card's view-model: what the card shows for a host diagnosis and what each fix
// button does. Pure; diagnosisCard.ts renders it.
import type { DiagnosisView, OpenTarget } from '../protocol/messages';
import type { Fmt } from './strings';

export type FixAction =
  | { kind: 'useUrl'; url: string }
  /** `url`: the page the engine named (a dashboard fix's value); the host opens only URLs it sent. */
  | { kind: 'open'; target: OpenTarget; url?: string }
  /** Pick `id`; without one, clear the filter so every model shows. */
  | { kind: 'pickModel'; id: string | undefined }
  | { kind: 'focus'; field: 'apiKey' | 'baseUrl' }
  | { kind: 'verify'; allowInsecureHttp: boolean }
  | { kind: 'none' };

export interface FixButtonView {
  kind: string;
  label: string;
  value: string | undefined;
  action: FixAction;
  /** A `retry_after` fix: the button counts down this many seconds (and Verify waits) first. */
  retryAfterSeconds?: number;
}

export interface DiagnosisCardView {
  code: string;
  severity: DiagnosisView['severity'];
  icon: 'error' | 'warning';
  title: string;
  detail: string;
  /** HTTP status and request id, for the support report. */
  evidence: string;
  fixes: FixButtonView[];
}

const OPEN_TARGETS: Record<string, OpenTarget> = {
  open_tokens: 'tokens',
  open_billing: 'billing',
  open_dashboard: 'dashboard',
  contact_support: 'support',
  open_proxy_settings: 'proxySettings',
};

/** Fixes whose `value` is the dashboard page to open. */
const DASHBOARD_FIXES = new Set(['open_tokens', 'open_billing', 'open_dashboard']);

export function fixAction(kind: string, value: string | undefined): FixAction {
  if (Object.prototype.hasOwnProperty.call(OPEN_TARGETS, kind)) {
    const target = OPEN_TARGETS[kind];
    return DASHBOARD_FIXES.has(kind) && value && /^https?:\/\//i.test(value)
      ? { kind: 'open', target, url: value }
      : { kind: 'open', target };
  }
  switch (kind) {
    case 'use_url':
      return value ? { kind: 'useUrl', url: value } : { kind: 'none' };
    case 'pick_model':
      return { kind: 'pickModel', id: value || undefined };
    case 'edit_key':
      return { kind: 'focus', field: 'apiKey' };
    case 'edit_base_url':
      return { kind: 'focus', field: 'baseUrl' };
    case 'confirm_insecure':
      return { kind: 'verify', allowInsecureHttp: true };
    case 'retry':
    case 'retry_after':
      return { kind: 'verify', allowInsecureHttp: false };
    default:
      return { kind: 'none' };
  }
}

export function diagnosisCard(d: DiagnosisView, fmt: Fmt): DiagnosisCardView {
  const evidence: string[] = [];
  if (d.status != null) evidence.push(fmt('stepStatus', d.status));
  if (d.requestId) evidence.push(fmt('stepRequestId', d.requestId));
  return {
    code: d.code,
    severity: d.severity,
    icon: d.severity === 'error' ? 'error' : 'warning',
    title: d.title,
    detail: d.detail,
    evidence: evidence.join(' · '),
    fixes: d.fixes.map((f) => {
      const view: FixButtonView = { kind: f.kind, label: f.label, value: f.value, action: fixAction(f.kind, f.value) };
      if (f.kind === 'retry_after' && f.value && Number(f.value) > 0) view.retryAfterSeconds = Number(f.value);
      return view;
    }),
  };
}
