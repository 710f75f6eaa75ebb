import { t } from '../../core/l10n';
import type { UsageRead } from './usageSource';

const time = (ms: number): string => new Date(ms).toLocaleTimeString();

/**
 * The view's status line after a read: what happened, in a plain sentence. A gateway without the
 * records is not an error; a limit says when to try again; nothing here carries gateway text.
 */
export function readSentence(r: UsageRead, added = 0, now = Date.now()): string {
  switch (r.kind) {
    case 'ok': {
      const read = t('Updated at {0}: {1} records read from the gateway, {2} new.', time(now), r.entries.length, added);
      return r.dropped > 0 ? `${read} ${t('{0} records did not have the expected shape and were skipped.', r.dropped)}` : read;
    }
    case 'not_checked':
      return t('The records are read with the saved key once its connection has been checked: verify the connection, then Refresh.');
    case 'not_new_api':
      return t('This gateway does not keep per-request records that RutaAPI Connect can read, so only the history kept here is shown.');
    case 'unavailable':
      return t('The gateway does not share per-request records for this key (the endpoint is missing or its operator turned logging off).');
    case 'unauthorized':
      return t('The gateway refused the saved key for its records. Verify the connection to see why.');
    case 'rate_limited':
      return r.byGateway
        ? t(
            'The gateway limits how often these records are read (a limit it shares with other tools on this network). Try again after {0}.',
            time(r.retryAt),
          )
        : t(
            'The records were read moments ago. They are read at most once a minute, leaving room for diagnosing the key. Try again after {0}.',
            time(r.retryAt),
          );
    case 'failed':
      switch (r.reason) {
        case 'timeout':
          return t('The gateway did not answer in time. Try Refresh later.');
        case 'network':
          return t('The gateway could not be reached. Try Refresh later.');
        case 'cancelled':
          return t('Not updated.');
        case 'too_large':
        case 'bad_answer':
          return t("The gateway's answer was not a list of records.");
      }
  }
}
