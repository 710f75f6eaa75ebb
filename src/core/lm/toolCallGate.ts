/**
 * What a streamed answer's tool calls must be before they reach the editor, which runs them:
 *
 * - the exact shape (a strict check; anything else is dropped, with a note for the log);
 * - a call to a tool the request offered, by its exact name: a call to any other tool
 *   (`run_in_terminal` when it was never offered, a name with a bidi control inside) is dropped,
 *   with a note;
 * - one call per id: a second call under an id already used in this answer gets an id of its own
 *   (`<id>_2`, …), so the editor's results go back to the right call;
 * - the saved key replaced in the id and the input (core/lm/streamScrub.ts).
 * Notes name the tool as inert text (escapes for invisible characters). Pure TypeScript.
 */
import { inertText } from '../inertText';
import type { StreamPart } from './stream';
import type { AnswerScrubber } from './streamScrub';

type ToolCallPart = Extract<StreamPart, { kind: 'toolCall' }>;

const KEYS = ['callId', 'input', 'kind', 'name'];
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/**
 * A strict check of the call's shape (exactly these fields, these types), written out rather than
 * with zod/mini like the panel protocol: dist/lm.js carries no zod (test/integration/bundleSize.test.ts;
 * it would add about 18 KB to a chunk loaded on the first chat request) for one object per call.
 */
function wellFormed(part: unknown): boolean {
  if (!part || typeof part !== 'object' || Array.isArray(part)) return false;
  const p = part as Record<string, unknown>;
  const keys = Object.keys(p).sort();
  if (keys.length !== KEYS.length || keys.some((k, i) => k !== KEYS[i])) return false;
  const input = p.input;
  return (
    p.kind === 'toolCall' &&
    isText(p.callId, 512) &&
    isText(p.name, 256) &&
    !!input &&
    typeof input === 'object' &&
    !Array.isArray(input) &&
    Object.getPrototypeOf(input) === Object.prototype
  );
}

const shownName = (name: unknown): string => inertText(typeof name === 'string' ? name : String(name), { maxChars: 80 });

export class ToolCallGate {
  private readonly offered: ReadonlySet<string>;
  private readonly ids = new Set<string>();

  constructor(
    offered: readonly string[],
    private readonly scrubber: AnswerScrubber,
    private readonly note: (message: string) => void,
  ) {
    this.offered = new Set(offered);
  }

  /** The call as the editor may receive it, or undefined when it is dropped (and noted). */
  pass(part: ToolCallPart): ToolCallPart | undefined {
    if (!wellFormed(part)) {
      this.note(`lm: dropped a tool call that is not a well-formed call (tool "${shownName((part as { name?: unknown } | null)?.name)}")`);
      return undefined;
    }
    const call = part;
    if (!this.offered.has(call.name)) {
      this.note(
        this.offered.size === 0
          ? `lm: dropped a call to the tool "${shownName(call.name)}": the request offered no tools`
          : `lm: dropped a call to the tool "${shownName(call.name)}", which the request did not offer`,
      );
      return undefined;
    }
    const input = this.scrubber.scrubInput(call.input);
    if (!input) {
      this.note(`lm: dropped a call to the tool "${shownName(call.name)}": its input could not be checked for the key`);
      return undefined;
    }
    const id = this.scrubber.scrub(call.callId);
    let callId = id;
    for (let n = 2; this.ids.has(callId); n++) callId = `${id}_${n}`;
    if (callId !== id) this.note(`lm: a second tool call under one id ("${shownName(call.name)}") got an id of its own`);
    this.ids.add(callId);
    return { kind: 'toolCall', callId, name: call.name, input };
  }
}
