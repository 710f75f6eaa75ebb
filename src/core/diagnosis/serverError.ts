/**
 * 5xx: the gateway's side. 503 is a provider route that is down for a while (worth a retry or
 * another model); any other 5xx is a fault to report with the request id.
 */
import { t } from '../l10n';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import type { StatusReading } from './statusReading';

export function diagnoseUnavailable({ status, ctx, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 503) return undefined;
  const fixList: Fix[] = [];
  if (evidence.retryAfterSeconds !== undefined) fixList.push(fixes.retryAfter(evidence.retryAfterSeconds));
  else fixList.push(fixes.retry());
  if (ctx.step === 'chat') fixList.push(fixes.pickModel());
  fixList.push(fixes.contactSupport());
  return makeDiagnosis(
    'upstream_unavailable',
    t('Route temporarily unavailable (503)'),
    t(
      "The provider route is temporarily unavailable. Try a short request again, check the model's availability, and contact support if it persists.",
    ) + serverSays,
    fixList,
    evidence,
    '503',
  );
}

export function diagnoseServerError({ status, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (status < 500) return undefined;
  return makeDiagnosis(
    'server_error',
    t('Server error (HTTP {0})', status),
    t('The gateway had an internal error. Try again; if it persists, contact support with the request id.') + serverSays,
    [fixes.retry(), fixes.contactSupport()],
    evidence,
    String(status),
  );
}
