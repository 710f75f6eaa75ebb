/**
 * Cursor's custom models: none added, added but not switched on, a name Cursor treats as one of
 * its own (it may route it to its own provider or reject it), or a name the key's /v1/models does
 * not list (with the closest id there, from the engine's closest-model search).
 */
import { t } from '../l10n';
import { closestModel } from '../closestModel';
import { chatModels, type ModelEndpoints } from '../modelProtocols';
import type { CursorFinding, CursorSettings } from './types';

/** Names Cursor knows as its built-in models (OpenAI, Anthropic, Google, xAI and its own). */
const CURSOR_OWN = /^(gpt-|chatgpt-|o[1-9](-|$)|claude-|gemini-|grok-|cursor-)/i;

function isCursorOwnName(id: string): boolean {
  return CURSOR_OWN.test(id.trim());
}

/** What the list says beyond its ids: each model's endpoint types, and the model saved in the editor. */
export interface ModelHints {
  endpoints?: ModelEndpoints;
  /** `rutaapi.model`: the model the person already chose and verified; absent in the doctor. */
  savedModel?: string;
}

/**
 * The id to add when Cursor has none: the saved model when the list has it, else the first that can chat (a
 * gateway often lists embedding or image models first, which Cursor's chat cannot use); none when nothing can chat.
 */
function modelToAdd(models: readonly string[] | undefined, hints: ModelHints): string | undefined {
  if (!models) return undefined;
  const chat = chatModels(models, hints.endpoints);
  const saved = hints.savedModel?.trim();
  return saved && chat.includes(saved) ? saved : chat[0];
}

/** `models`: the key's /v1/models ids when they were read, else undefined (no unknown-model check). */
export function modelFindings(settings: CursorSettings, models: readonly string[] | undefined, hints: ModelHints = {}): CursorFinding[] {
  if (settings.models.length === 0) {
    const first = modelToAdd(models, hints);
    const finding: CursorFinding = {
      code: 'cursor_no_custom_model',
      severity: 'warning',
      detail: t(
        'No custom model is added in Cursor. Add one of the ids /v1/models returns in Cursor Settings → Models → Add model, and switch it on.',
      ),
    };
    return [first ? { ...finding, fix: first } : finding];
  }
  const findings: CursorFinding[] = [];
  for (const id of settings.models) {
    if (models && !models.includes(id)) findings.push(unknownModel(id, models));
    if (!settings.enabledModels.includes(id)) {
      findings.push({
        code: 'cursor_model_not_enabled',
        severity: 'warning',
        detail: t('The model "{0}" is added in Cursor but switched off. Switch it on in Cursor Settings → Models.', id),
      });
    }
    if (isCursorOwnName(id)) {
      findings.push({
        code: 'cursor_model_rerouted',
        severity: 'warning',
        detail: t(
          'Cursor knows "{0}" as one of its own models and may send it to its own provider or reject it ("Model name is not valid"). If it fails, add the id under a name Cursor does not know, as /v1/models lists it, and test in Ask mode.',
          id,
        ),
      });
    }
  }
  return findings;
}

function unknownModel(id: string, models: readonly string[]): CursorFinding {
  const closest = closestModel(id, models);
  const finding: CursorFinding = {
    code: 'cursor_model_unknown',
    severity: 'error',
    detail: closest
      ? t('The model "{0}" in Cursor is not one of the ids this key\'s /v1/models returns; the closest is "{1}".', id, closest)
      : t('The model "{0}" in Cursor is not one of the ids this key\'s /v1/models returns. Copy an id from that list; do not guess.', id),
  };
  return closest ? { ...finding, fix: closest } : finding;
}
