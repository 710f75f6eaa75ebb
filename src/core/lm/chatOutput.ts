/**
 * What reaches the provider's `onPart`: text with the saved key replaced (also when split across
 * chunks, core/lm/streamScrub.ts), tool calls through the gate (core/lm/toolCallGate.ts), and the
 * time to the first part.
 */
import type { StreamPart } from './stream';
import { AnswerScrubber } from './streamScrub';
import { ToolCallGate } from './toolCallGate';

export interface ChatOutput {
  /** The accumulator's callback: one decoded part. */
  emit(part: StreamPart): void;
  /** Text held back by the scrub (a possible start of the key) goes out before anything else. */
  flushText(): void;
  /** Milliseconds from `started` to the first part delivered. */
  firstPartMs(): number | undefined;
}

interface ChatOutputOptions {
  apiKey: string;
  /** The names of the tools the request offered. */
  tools: string[];
  onPart: (part: StreamPart) => void;
  onNote?: (message: string) => void;
  started: number;
}

export function chatOutput(o: ChatOutputOptions): ChatOutput {
  let firstPartMs: number | undefined;
  const deliver = (part: StreamPart): void => {
    if (firstPartMs === undefined) firstPartMs = Date.now() - o.started;
    o.onPart(part);
  };
  const answerScrubber = new AnswerScrubber(o.apiKey);
  const note = (message: string): void => o.onNote?.(message);
  const gate = new ToolCallGate(o.tools, answerScrubber, note);
  const flushText = (): void => {
    const rest = answerScrubber.flush();
    if (rest !== '') deliver({ kind: 'text', value: rest });
  };
  return {
    emit: (part) => {
      if (part.kind === 'text') {
        const value = answerScrubber.push(part.value);
        if (value !== '') deliver({ kind: 'text', value });
        return;
      }
      flushText();
      const call = gate.pass(part);
      if (call) deliver(call);
    },
    flushText,
    firstPartMs: () => firstPartMs,
  };
}
