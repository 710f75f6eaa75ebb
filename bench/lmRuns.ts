// One streamed chat request timed two ways, shared by the lm section (bench/sections/lm.ts) and its
// pass-through rounds (bench/lmPassThrough.ts): ours is core/lm/chat's streamChat (what dist/lm.js
// runs for a chat request in VS Code's chat) through the openai SDK client; raw is a bare `fetch`
// with a hand-rolled SSE read of the same request, the floor ours is compared with.
import { performance } from 'node:perf_hooks';
import { streamChat, type StreamChatOptions } from '../src/core/lm/chat';
import { buildChatRequest } from '../src/core/lm/messages';
import { MODEL, bounded } from './sections/common';

export const KEY = 'sk-ruta-sandbox-ok-bench';

export type CreateClient = StreamChatOptions['createClient'];

export interface Run {
  /** ms from the request to the first text part. */
  first: number;
  /** ms from the request to the last text part. */
  last: number;
  total: number;
  /** Text parts (chunks with content). */
  parts: number;
}

export const chatBody = (text: string) =>
  buildChatRequest({ model: MODEL, messages: [{ role: 'user', parts: [{ kind: 'text', value: text }] }], imageInput: false });

/** Text chunks per second while the stream flows (first → last text part). */
export const flowRate = (r: Run) => (r.parts - 1) / ((r.last - r.first) / 1000);
/** Text chunks per second from the request to the end of the stream. */
export const wholeRate = (r: Run) => r.parts / (r.total / 1000);

export function oursRun(createClient: CreateClient, baseURL: string, text: string, onText?: (n: number) => void): Promise<Run> {
  return bounded('core/lm/chat stream', 30_000, async () => {
    const t0 = performance.now();
    let first = 0;
    let last = 0;
    let parts = 0;
    const r = await streamChat({
      createClient,
      apiKey: KEY,
      baseURL,
      body: chatBody(text),
      idleTimeoutMs: 20_000,
      onPart: (p) => {
        if (p.kind !== 'text') return;
        last = performance.now() - t0;
        if (parts++ === 0) first = last;
        onText?.(parts);
      },
    });
    if (!r.summary?.done) throw new Error(`core/lm/chat stream did not complete (status ${r.status ?? '?'})`);
    return { first, last, total: performance.now() - t0, parts };
  });
}

export function rawRun(baseURL: string, text: string): Promise<Run> {
  return bounded('raw fetch stream', 30_000, async () => {
    const t0 = performance.now();
    let first = 0;
    let last = 0;
    let parts = 0;
    const res = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(chatBody(text)),
    });
    if (!res.ok || !res.body) throw new Error(`raw stream failed: ${res.status}`);
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) !== -1) {
        const ev = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!ev.startsWith('data: ') || ev === 'data: [DONE]') continue;
        const c = JSON.parse(ev.slice(6)) as { choices?: { delta?: { content?: string } }[] };
        if (!c.choices?.[0]?.delta?.content) continue;
        last = performance.now() - t0;
        if (parts++ === 0) first = last;
      }
    }
    return { first, last, total: performance.now() - t0, parts };
  });
}
