// A deterministic usage history for the bench: `n` entries over 60 days, newest first, eight models
// (two mapped to an upstream model), the three protocols, some refunds and errors, a tenth from the
// editor's chat. Shaped as core/usage/types.ts keeps them (what the host sends the view).
import type { UsageEntry } from '../src/core/usage/types';

const MODELS = ['gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4', 'deepseek-chat', 'gemini-2.5-flash', 'o4-mini', 'qwen-max', 'glm-4.6'];
const PROTOCOLS = ['chat', 'responses', 'messages'] as const;

export function usageHistory(n: number, nowS: number): UsageEntry[] {
  let seed = 42;
  const rand = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const span = 60 * 86_400;
  const out: UsageEntry[] = [];
  for (let i = 0; i < n; i++) {
    const m = Math.floor(rand() ** 2 * MODELS.length);
    const type = i % 97 === 0 ? 6 : i % 53 === 0 ? 5 : 2;
    const prompt = Math.floor(200 + rand() * 6000);
    const completion = type === 5 ? 0 : Math.floor(20 + rand() * 1500);
    out.push({
      id: `2025${String(i).padStart(10, '0')}${Math.floor(rand() * 1e8).toString(36)}`,
      time: nowS - Math.floor((i / n) * span) - 1,
      type,
      model: MODELS[m],
      upstream: m === 2 ? 'claude-sonnet-4-20250514' : m === 4 ? 'gemini-2.5-flash-preview' : '',
      protocol: PROTOCOLS[m % 3],
      promptTokens: type === 5 ? 0 : prompt,
      completionTokens: completion,
      cachedTokens: Math.floor(prompt * rand() * 0.5),
      quota: type === 5 ? 0 : Math.floor((prompt + completion * 4) * (1 + m)),
      useTimeS: Math.floor(1 + rand() * 30),
      firstTokenMs: rand() < 0.1 ? -1 : Math.floor(200 + rand() * 3000),
      stream: rand() < 0.8,
      vscodeChat: i % 10 === 0,
    });
  }
  return out;
}
