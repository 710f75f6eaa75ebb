/**
 * 401. The most common cause is not a mistyped key but a key and a Base URL from two platforms
 * (an OpenAI key sent to RutaAPI, a RutaAPI key sent to OpenAI), which a new key would not fix.
 */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL } from '../constants';
import { platformForKey } from '../providers';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { hostOf, platformOfHost } from './responseFacts';
import type { StatusReading } from './statusReading';

export function diagnoseUnauthorized({ status, facts, ctx, evidence, url, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 401) return undefined;
  const keyPlatform = platformForKey(ctx.apiKey ?? undefined);
  const host = hostOf(facts.url ?? ctx.url ?? ctx.baseUrl);
  const hostPlatform = platformOfHost(host);
  const hostForeign = !!hostPlatform && hostPlatform !== 'RutaAPI';
  if ((keyPlatform && keyPlatform !== (hostPlatform ?? 'RutaAPI')) || (hostForeign && keyPlatform !== hostPlatform)) {
    const hostName = hostPlatform ?? t('the gateway at {0}', host ?? url);
    const fixList: Fix[] = [];
    if (hostForeign) fixList.push(fixes.useUrl(RUTAAPI_BASE_URL));
    fixList.push(fixes.openTokens(), fixes.editKey());
    return makeDiagnosis(
      'key_platform_mismatch',
      t('Key and Base URL come from different platforms'),
      (keyPlatform
        ? t(
            'The server rejected the key (401). The key looks like one from {0}, but the Base URL belongs to {1}. The API key and the Base URL must come from the same platform: for RutaAPI, use a key from the RutaAPI dashboard (Tokens) with {2}.',
            keyPlatform,
            hostName,
            RUTAAPI_BASE_URL,
          )
        : t(
            'The server rejected the key (401). The Base URL belongs to {0}, which does not accept RutaAPI keys. The API key and the Base URL must come from the same platform: for RutaAPI, use {1} with a key from the RutaAPI dashboard (Tokens).',
            hostName,
            RUTAAPI_BASE_URL,
          )) + serverSays,
      fixList,
      evidence,
      t('Wrong platform'),
    );
  }
  return makeDiagnosis(
    'unauthorized',
    t('Invalid API key (401 Unauthorized)'),
    t(
      'The API key is missing, incorrect or revoked, or it was sent to the wrong Base URL. Verify that the key and the Base URL both come from RutaAPI; create a new key in the dashboard (Tokens) if needed.',
    ) + serverSays,
    [fixes.editKey(), fixes.openTokens()],
    evidence,
    '401',
  );
}
