/** The one shape every Base URL phase reports in, and the catch-all "this is not a URL". */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL } from '../constants';
import type { BaseUrlFinding } from '../types';

export function finding(
  code: BaseUrlFinding['code'],
  severity: BaseUrlFinding['severity'],
  message: string,
  extra: Partial<Pick<BaseUrlFinding, 'suggestedUrl' | 'provider'>> = {},
): BaseUrlFinding {
  const f: BaseUrlFinding = { code, severity, message };
  if (extra.suggestedUrl !== undefined) f.suggestedUrl = extra.suggestedUrl;
  if (extra.provider !== undefined) f.provider = extra.provider;
  return f;
}

export function unparseable(message?: string): BaseUrlFinding {
  return finding('unparseable', 'error', message ?? t('This is not a URL. Enter the API root, for example {0}.', RUTAAPI_BASE_URL), {
    suggestedUrl: RUTAAPI_BASE_URL,
  });
}
