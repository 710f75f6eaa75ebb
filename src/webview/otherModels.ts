// The key's models that cannot chat (embeddings, images, rerank, Responses or Anthropic Messages
// only, …), listed apart under the Model field with what each serves. They are not choices: the
// panel checks and saves the model editors chat with, and picking one of these would only fail.
// The ids and endpoint types come from the gateway: shown as text only.
import type { Fmt } from './strings';

/** A model that cannot chat, with the endpoint types the gateway named for it. */
export interface OtherModel {
  id: string;
  serves: readonly string[];
}

/** At most this many rows are rendered; the summary counts them all. */
export const MAX_OTHER_ROWS = 100;

/** The string id for each endpoint type new-api names (constant/endpoint_type.go); others are shown as sent. */
const LABELS: Readonly<Record<string, string>> = {
  'openai-response': 'servesResponses',
  'openai-response-compact': 'servesResponsesCompact',
  anthropic: 'servesAnthropic',
  gemini: 'servesGemini',
  embeddings: 'servesEmbeddings',
  'image-generation': 'servesImages',
  'jina-rerank': 'servesRerank',
  'openai-video': 'servesVideo',
};

/** What a model serves, in words: "Responses API, Anthropic Messages"; "nothing listed" for an empty list. */
export function servesText(serves: readonly string[], fmt: Fmt): string {
  if (serves.length === 0) return fmt('servesNothing');
  return serves.map((type) => (Object.prototype.hasOwnProperty.call(LABELS, type) ? fmt(LABELS[type]) : type)).join(', ');
}

/** One row's text: the id, what it serves, and whether VS Code's chat can still use it (the Responses API). */
export function otherModelLine(m: OtherModel, fmt: Fmt): { id: string; detail: string } {
  const usable = m.serves.includes('openai-response');
  const serves = servesText(m.serves, fmt);
  return { id: m.id, detail: usable ? fmt('otherModelResponses', serves) : fmt('otherModelServes', serves) };
}

/** The rows the filter shows (case-insensitive substring on the id, as the model list), at most `max`. */
export function otherModelRows(
  models: readonly OtherModel[],
  query: string,
  max = MAX_OTHER_ROWS,
): { matches: number; rows: OtherModel[] } {
  const q = query.trim().toLowerCase();
  const matches = q ? models.filter((m) => m.id.toLowerCase().includes(q)) : models;
  return { matches: matches.length, rows: matches.slice(0, max) };
}

export interface OtherModelElements {
  /** The <details> around the group; hidden when the key lists none. */
  section: HTMLElement;
  summary: HTMLElement;
  list: HTMLElement;
}

/** Renders the group for `models` under the filter `query`. */
export function renderOtherModels(els: OtherModelElements, models: readonly OtherModel[], query: string, fmt: Fmt): void {
  els.section.hidden = models.length === 0;
  const view = otherModelRows(models, query);
  els.summary.textContent =
    view.matches === models.length ? fmt('otherModelsTitle', models.length) : fmt('otherModelsFiltered', view.matches, models.length);
  els.list.replaceChildren(
    ...view.rows.map((m) => {
      const line = otherModelLine(m, fmt);
      const li = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = line.id;
      li.append(code, ` — ${line.detail}`);
      return li;
    }),
  );
}
