/**
 * 404, and other answers about an unknown model. On the chat step the path was already proven by
 * /models, so a 404 there means the model; on the models step it means the Base URL.
 */
import { t } from '../l10n';
import { RUTAAPI_API_HOST, RUTAAPI_BASE_URL } from '../constants';
import { closestModel } from '../closestModel';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { shownModel } from './evidence';
import { hostOf, mentionsModel } from './responseFacts';
import type { StatusReading } from './statusReading';

export function diagnoseModelNotFound({ status, body, ctx, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  const modelProblem =
    ctx.step === 'chat' && (status === 404 || body.code === 'model_not_found' || (status >= 400 && status < 500 && mentionsModel(body)));
  if (!modelProblem) return undefined;
  const requested = ctx.model ?? '';
  const suggestion = ctx.models && ctx.models.length > 0 ? closestModel(requested, ctx.models) : undefined;
  const fixList: Fix[] = [];
  if (suggestion && suggestion !== requested) fixList.push(fixes.pickModel(suggestion));
  fixList.push(fixes.pickModel());
  fixList.push(fixes.openBilling(), fixes.contactSupport());
  const detail =
    (suggestion && suggestion !== requested
      ? t(
          'The model "{0}" is not available for this key. Do not guess model names: use an id returned by /v1/models. The closest returned id is "{1}".',
          shownModel(requested),
          shownModel(suggestion),
        )
      : t(
          'The model "{0}" is not available for this key. Do not guess model names: run GET /v1/models and copy one of the returned ids.',
          shownModel(requested),
        )) +
    ' ' +
    t('If a model is not in your /v1/models response, it is not active in your account: add credits or contact support.');
  return makeDiagnosis('model_not_found', t('Model not found (HTTP {0})', status), detail + serverSays, fixList, evidence, t('Model?'));
}

export function diagnosePathNotFound({ status, facts, ctx, evidence, url, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 404) return undefined;
  const fixList: Fix[] = [];
  const host = hostOf(facts.url ?? ctx.baseUrl);
  if (host === RUTAAPI_API_HOST && ctx.baseUrl !== RUTAAPI_BASE_URL) fixList.push(fixes.useUrl(RUTAAPI_BASE_URL));
  fixList.push(fixes.editBaseUrl());
  return makeDiagnosis(
    'path_not_found',
    t('Nothing at this Base URL (404 Not Found)'),
    t(
      '{0} does not exist (404), so the Base URL is not an OpenAI-compatible API root. The Base URL must be the API root that ends in /v1, such as {1}, not a website, dashboard or endpoint URL.',
      url,
      RUTAAPI_BASE_URL,
    ) + serverSays,
    fixList,
    evidence,
    '404',
  );
}
