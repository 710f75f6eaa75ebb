/** The chosen model does not serve chat completions (its `supported_endpoint_types` say so): no request is sent. */
import { closestModel } from '../closestModel';
import { t } from '../l10n';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { shownModel } from './evidence';
import { namedModels } from './gatewayLimits';

const MODEL_FIXES = 3;

/** `model_wrong_protocol`: `model` serves only `protocols`; `chatModels` are the key's models that can chat. */
export function diagnoseWrongProtocol(model: string, protocols: readonly string[], chatModels: readonly string[]): Diagnosis {
  const suggestion = chatModels.length > 0 ? closestModel(model, chatModels) : undefined;
  const fixList: Fix[] = [...new Set([suggestion, ...chatModels].filter((m): m is string => !!m))]
    .slice(0, MODEL_FIXES)
    .map((m) => fixes.pickModel(m));
  const served = protocols.length > 0 ? namedModels(protocols) : t('nothing');
  const detail =
    chatModels.length > 0
      ? t(
          'The gateway lists "{0}" for {1}, not for chat completions, so no chat request was sent. Pick a model that can chat: {2}.',
          shownModel(model),
          served,
          namedModels(chatModels),
        )
      : t(
          'The gateway lists "{0}" for {1}, not for chat completions, so no chat request was sent. This key lists no model that can chat.',
          shownModel(model),
          served,
        );
  return makeDiagnosis('model_wrong_protocol', t('This model cannot chat'), detail, fixList, {}, t('Not a chat model'));
}
