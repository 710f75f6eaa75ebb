/** What a 2xx answer of each step must hold: a list of model ids, a chat reply. */
import type { ContentProblem } from '../diagnosis';
import { looksLikeHtml } from '../html';
import { inertText } from '../inertText';
import type { Scrubber } from '../scrub';
import { readModelList, type ModelList } from './modelList';

const REPLY_EXCERPT_CHARS = 80;

type Parsed<T> = { value: T } | { problem: ContentProblem };

/** A 2xx body as JSON; a web page or anything else is a content problem, never a success. */
function parseApiJson(text: string, response: Response): { json: unknown } | { problem: ContentProblem } {
  if (looksLikeHtml(text, response.headers.get('content-type'))) return { problem: 'html' };
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { problem: 'not_json' };
  }
}

/** Step 1: GET /models: the model ids in server order, and the endpoint types of those that name them. */
export function modelIds(text: string, _bytes: Uint8Array, response: Response): Parsed<ModelList> {
  const parsed = parseApiJson(text, response);
  if ('problem' in parsed) return parsed;
  const list = readModelList(parsed.json);
  if (!list) return { problem: 'no_data' };
  if (list.entries > 0 && list.ids.length === 0) return { problem: 'no_data' };
  if (list.ids.length === 0) return { problem: 'empty_models' };
  return { value: list };
}

/** Step 2: the first characters of the chat reply, scrubbed and inert. */
export function chatReply(scrubber: Scrubber): (text: string, bytes: Uint8Array, response: Response) => Parsed<string> {
  return (text, _bytes, response) => {
    const parsed = parseApiJson(text, response);
    if ('problem' in parsed) return parsed;
    const choices = (parsed.json as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices)) return { problem: 'no_choices' };
    const first = choices[0] as { message?: { content?: unknown }; text?: unknown } | undefined;
    const content = typeof first?.message?.content === 'string' ? first.message.content : typeof first?.text === 'string' ? first.text : '';
    // Scrub before cutting: a cut must never split an echoed key the scrubber would recognise whole.
    const flat = inertText(scrubber.scrub(content).replace(/\s+/g, ' ').trim());
    return { value: flat.length > REPLY_EXCERPT_CHARS ? `${flat.slice(0, REPLY_EXCERPT_CHARS)}…` : flat };
  };
}
