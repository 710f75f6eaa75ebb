/** 429 without credit wording: a wait, with the server's Retry-After when it sent one. */
import { t } from '../l10n';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import type { StatusReading } from './statusReading';

export function diagnoseRateLimit({ status, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 429) return undefined;
  const seconds = evidence.retryAfterSeconds;
  const fixList: Fix[] = seconds !== undefined ? [fixes.retryAfter(seconds)] : [fixes.retry()];
  return makeDiagnosis(
    'rate_limited',
    t('Too many requests (429)'),
    (seconds !== undefined
      ? t(
          'Rate or concurrency limit reached. Lower the number of concurrent requests, pause parallel tasks and retry in {0} seconds.',
          seconds,
        )
      : t(
          'Rate or concurrency limit reached. Lower the number of concurrent requests, pause parallel tasks and retry after a short pause.',
        )) + serverSays,
    fixList,
    evidence,
    '429',
  );
}
