/**
 * A 401 from a new-api gateway (RutaAPI's) says `Invalid token` for an unknown key and for a known
 * key that is exhausted, expired or disabled. The engine asks `/api/usage/token/` once (read-only
 * auth: it answers for such keys) and this turns the key's record into the exact cause. An unknown
 * key stays `unauthorized`.
 */
import { t } from '../l10n';
import type { Diagnosis } from '../types';
import type { KeyState, TokenUsage } from '../gatewayAccount/tokenUsage';
import { expiryIso } from '../gatewayAccount/tokenUsage';
import { fixes, makeDiagnosis, resolveDashboard } from './builders';
import { baseEvidence, scrubberFor } from './evidence';
import type { DiagnosisContext, ResponseFacts } from './responseFacts';

/** The diagnosis for a 401 whose key the gateway knows, in `state`. */
export function diagnoseKeyState(state: KeyState, usage: TokenUsage, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const evidence = baseEvidence(facts, ctx, scrubberFor(ctx));
  const fixList = [fixes.openTokens(), fixes.editKey()];
  let d: Diagnosis;
  switch (state) {
    case 'exhausted':
      d = makeDiagnosis(
        'key_exhausted',
        t("This key's own limit is used up (401)"),
        t(
          'The gateway knows this key, but the spending limit set on it is used up, so it answers 401 "Invalid token". Your account may still have credits: raise this key\'s limit or make it unlimited in the dashboard (API keys), or create a new key.',
        ),
        [fixes.openTokens(t("Raise this key's limit in the dashboard")), fixes.editKey()],
        evidence,
        t('Key used up'),
      );
      break;
    case 'expired': {
      const date = (expiryIso(usage.expiresAt) ?? '').slice(0, 10);
      d = makeDiagnosis(
        'key_expired',
        date ? t('This key expired on {0} (401)', date) : t('This key has expired (401)'),
        (date
          ? t('The gateway knows this key, but it expired on {0} (UTC), so it answers 401 "Invalid token".', date)
          : t('The gateway knows this key, but it has expired, so it answers 401 "Invalid token".')) +
          ' ' +
          t('Extend its expiry or set it to never expire in the dashboard (API keys), or create a new key.'),
        fixList,
        evidence,
        t('Key expired'),
      );
      break;
    }
    default:
      d = makeDiagnosis(
        'key_disabled',
        t('This key is disabled (401)'),
        t(
          'The gateway knows this key, but it is disabled, so it answers 401 "Invalid token". Enable it in the dashboard (API keys), or create a new key.',
        ),
        fixList,
        evidence,
        t('Key disabled'),
      );
  }
  return resolveDashboard(d, ctx.dashboard, ctx.baseUrl ?? facts.url ?? ctx.url);
}
