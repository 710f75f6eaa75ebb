/**
 * new-api's exact answers about a key's own limits and a model's route (RutaAPI's gateway), read
 * before the generic families so they are not called "no credits", "forbidden" or "model not
 * found": the key's limit is below the request (403 `pre_consume_token_quota_failed`, not the
 * wallet), the key is limited to other models (403 "This token has no access to model X"), and a
 * model the key lists has no route right now (503 `model_not_found`, "No available channel for
 * model X under group G"). Messages are matched in English and in Chinese (a gateway that ignored
 * `Accept-Language: en`).
 */
import { t } from '../l10n';
import { closestModel } from '../closestModel';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { shownModel } from './evidence';
import type { StatusReading } from './statusReading';

/** How many model ids a sentence names before "…". */
const NAMED_MODELS = 8;
/** How many "Use model X" fixes are offered. */
const MODEL_FIXES = 3;

const KEY_QUOTA_MESSAGE = /token quota is not enough|令牌额度不足|令牌.*额度.*不足/i;
const NO_ACCESS_MODEL = /(?:token has no access to model\s+|该令牌无权访问模型\s*)(.+?)\s*(?:\(request id:.*)?$/i;
const NO_ACCESS_ANY = /token has no access to any models|该令牌无权访问任何模型/i;
const NO_CHANNEL = /no available channel for model|failed to get available channel for model|无可用渠道|的可用渠道失败/i;

/** A list of ids for a sentence: inert, at most NAMED_MODELS, then "…". */
export function namedModels(ids: readonly string[]): string {
  const shown = ids.slice(0, NAMED_MODELS).map((m) => shownModel(m));
  return ids.length > NAMED_MODELS ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** 403 `pre_consume_token_quota_failed`: the key's own spending limit, not the account's credits. */
export function diagnoseKeyQuota({ status, body, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 403 && status !== 402 && status !== 429) return undefined;
  if (body.code !== 'pre_consume_token_quota_failed' && !(body.message && KEY_QUOTA_MESSAGE.test(body.message))) return undefined;
  return makeDiagnosis(
    'key_quota_too_low',
    t("This key's own limit is too low (HTTP {0})", status),
    t(
      "The key works, but the spending limit set on this key (not your account balance) is lower than this request needs. Raise this key's limit or make it unlimited in the dashboard (API keys), or use an unlimited key.",
    ) + serverSays,
    [fixes.openTokens(t("Raise this key's limit in the dashboard")), fixes.editKey()],
    evidence,
    t('Key limit'),
  );
}

/** 403 "This token has no access to model X" / "… to any models": the key is limited to other models. */
export function diagnoseModelNotAllowed({ status, body, ctx, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 403 || !body.message) return undefined;
  const any = NO_ACCESS_ANY.test(body.message);
  const match = any ? null : NO_ACCESS_MODEL.exec(body.message);
  if (!any && !match) return undefined;
  const requested = ctx.model ?? match?.[1]?.trim() ?? '';
  const allowed = (ctx.models ?? []).filter((m) => m !== requested);
  const fixList: Fix[] = [];
  if (!any) {
    const suggestion = allowed.length > 0 ? (closestModel(requested, allowed) ?? allowed[0]) : undefined;
    if (suggestion) fixList.push(fixes.pickModel(suggestion));
    if (allowed.length > 0) fixList.push(fixes.pickModel());
  }
  fixList.push(fixes.openTokens(t("Change this key's models in the dashboard")));
  const detail = any
    ? t(
        'This key is limited to a list of models, and the list is empty. Allow models for this key in the dashboard (API keys), or use another key.',
      )
    : allowed.length > 0
      ? t(
          'This key is limited to some models and "{0}" is not one of them. Models this key may use: {1}. Use one of them, or allow this model for the key in the dashboard (API keys).',
          shownModel(requested),
          namedModels(allowed),
        )
      : t(
          'This key is limited to some models and "{0}" is not one of them. Use a model returned by /v1/models, or allow this model for the key in the dashboard (API keys).',
          shownModel(requested),
        );
  return makeDiagnosis(
    'model_not_allowed',
    t('This key may not use this model (HTTP {0})', status),
    detail + serverSays,
    fixList,
    evidence,
    t('Model not allowed'),
  );
}

/** 503 `model_not_found` ("No available channel for model X under group G"): listed, but no route now. */
export function diagnoseModelUnavailable({ status, body, ctx, evidence, serverSays }: StatusReading): Diagnosis | undefined {
  if (status !== 503) return undefined;
  if (body.code !== 'model_not_found' && !(body.message && NO_CHANNEL.test(body.message))) return undefined;
  const requested = ctx.model ?? '';
  // new-api answers the same for a model it does not list at all: that is "model not found".
  if (requested && ctx.models && ctx.models.length > 0 && !ctx.models.includes(requested)) return undefined;
  const others = (ctx.models ?? []).filter((m) => m !== requested);
  const fixList: Fix[] = [];
  const suggestion = others.length > 0 && requested ? closestModel(requested, others) : undefined;
  const offered = [...new Set([suggestion, ...others].filter((m): m is string => !!m))].slice(0, MODEL_FIXES);
  for (const m of offered) fixList.push(fixes.pickModel(m));
  if (evidence.retryAfterSeconds !== undefined) fixList.push(fixes.retryAfter(evidence.retryAfterSeconds));
  else fixList.push(fixes.retry());
  fixList.push(fixes.contactSupport());
  const detail =
    others.length > 0
      ? t(
          '"{0}" is listed for this key, but the gateway has no route (channel) for it in your group right now. Try again later, or use another listed model: {1}.',
          shownModel(requested),
          namedModels(others),
        )
      : t(
          '"{0}" is listed for this key, but the gateway has no route (channel) for it in your group right now. Try again later, or contact support with the request id.',
          shownModel(requested),
        );
  return makeDiagnosis(
    'model_unavailable',
    t('No route for this model right now (HTTP {0})', status),
    detail + serverSays,
    fixList,
    evidence,
    t('No route'),
  );
}
