/** 403 without credit wording: the key is valid but may not do this (model not enabled, account limits). */
import { t } from '../l10n';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import type { StatusReading } from './statusReading';

export function diagnoseForbidden({ status, ctx, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 403) return undefined;
  const fixList: Fix[] = [fixes.openBilling(), fixes.openDashboard()];
  if (ctx.step === 'chat') fixList.push(fixes.pickModel());
  return makeDiagnosis(
    'forbidden',
    t('Access denied (403 Forbidden)'),
    t(
      'The key exists but lacks permission for this request. Check that the account has enough prepaid credits and that the model is enabled for your account in the RutaAPI dashboard.',
    ) + serverSays,
    fixList,
    evidence,
    '403',
  );
}
