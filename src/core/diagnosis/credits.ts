/** An account without credits: 402, or a 401/403/429 whose body talks about balance or quota. */
import { t } from '../l10n';
import type { Diagnosis } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { mentionsCredits } from './responseFacts';
import type { StatusReading } from './statusReading';

export function diagnoseNoCredits({ status, body, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (!(status === 402 || ([401, 403, 429].includes(status) && mentionsCredits(body)))) return undefined;
  return makeDiagnosis(
    'insufficient_credits',
    t('No credits left (HTTP {0})', status),
    t(
      'The key was accepted, but the account has no credits for this request. Add a prepaid credit pack in the RutaAPI dashboard (Billing); credits apply immediately.',
    ) + serverSays,
    [fixes.openBilling(), fixes.openDashboard()],
    evidence,
    t('No credits'),
  );
}
