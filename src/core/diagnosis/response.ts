/**
 * Non-2xx answers. The status families are asked in order and the first verdict wins; the order
 * is the policy: what the body says outranks what the status says (credit wording before 401, 403
 * and 429; on the chat step, an unknown model before 404 and 429), and whatever no family claims
 * is a refused request, not a server fault. new-api's exact answers (a key's own limit, a key
 * limited to other models, a listed model without a route) come before the generic families.
 */
import { t } from '../l10n';
import type { Diagnosis } from '../types';
import { fixes, makeDiagnosis, resolveDashboard } from './builders';
import { diagnoseKeyQuota, diagnoseModelNotAllowed, diagnoseModelUnavailable } from './gatewayLimits';
import { scrubberFor, stripUrlSecrets } from './evidence';
import { diagnoseProxyAuthentication, diagnoseRequestRejected, diagnoseRequestTimeout } from './clientError';
import { diagnoseNoCredits } from './credits';
import { diagnoseForbidden } from './forbidden';
import { diagnoseModelNotFound, diagnosePathNotFound } from './notFound';
import { diagnoseRateLimit } from './rateLimit';
import { diagnoseNotModified, diagnoseRedirect } from './redirect';
import { diagnoseServerError, diagnoseUnavailable } from './serverError';
import { readStatus, type StatusFamily } from './statusReading';
import { diagnoseUnauthorized } from './unauthorized';
import type { DiagnosisContext, ResponseFacts } from './responseFacts';

const STATUS_FAMILIES: readonly StatusFamily[] = [
  diagnoseNotModified,
  diagnoseRedirect,
  diagnoseKeyQuota,
  diagnoseModelNotAllowed,
  diagnoseNoCredits,
  diagnoseProxyAuthentication,
  diagnoseUnauthorized,
  diagnoseForbidden,
  diagnoseModelUnavailable,
  diagnoseModelNotFound,
  diagnosePathNotFound,
  diagnoseRateLimit,
  diagnoseRequestTimeout,
  diagnoseUnavailable,
  diagnoseServerError,
];

/** A diagnosis for a response that is not a success (3xx, 4xx, 5xx). */
export function diagnoseResponse(facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  try {
    const reading = readStatus(facts, ctx);
    for (const family of STATUS_FAMILIES) {
      const verdict = family(reading);
      if (verdict) return resolveDashboard(verdict, ctx.dashboard, ctx.baseUrl ?? facts.url ?? ctx.url);
    }
    return diagnoseRequestRejected(reading);
  } catch {
    const scrubber = scrubberFor(ctx);
    return makeDiagnosis(
      'server_error',
      t('Unexpected answer (HTTP {0})', facts.status),
      t('The gateway answered with HTTP {0}.', facts.status),
      [fixes.retry(), fixes.contactSupport()],
      { status: facts.status, url: scrubber.scrub(stripUrlSecrets(facts.url ?? ctx.url) ?? '') || undefined },
      String(facts.status),
    );
  }
}
