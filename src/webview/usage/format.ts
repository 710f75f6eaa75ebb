// How the view words numbers: money in the site's display unit (as every other surface does,
// core/gatewayAccount/amount.ts), counts, milliseconds and the protocol names.
import { formatAmount } from '../../core/gatewayAccount/amount';
import { quotaToDisplay } from '../../core/gatewayAccount/units';
import type { DisplayUnit } from '../../core/gatewayAccount/types';
import type { UsageProtocol } from '../../core/usage/types';
import type { Fmt } from '../strings';

export interface Formats {
  money(displayAmount: number): string;
  quota(raw: number): string;
  count(n: number): string;
  ms(ms: number): string;
  protocol(p: UsageProtocol | string): string;
  time(unixSeconds: number): string;
}

const PROTOCOL_IDS: Record<string, string> = {
  chat: 'protocolChat',
  responses: 'protocolResponses',
  messages: 'protocolMessages',
  gemini: 'protocolGemini',
  completions: 'protocolCompletions',
  embeddings: 'protocolEmbeddings',
  images: 'protocolImages',
  audio: 'protocolAudio',
  rerank: 'protocolRerank',
  other: 'protocolOther',
  unknown: 'protocolUnknown',
};

export function formats(display: DisplayUnit, fmt: Fmt): Formats {
  const tokens = display.unit.toUpperCase() === 'TOKENS';
  const money = (v: number): string => (tokens ? fmt('amountTokens', Math.round(v).toLocaleString()) : formatAmount(v, display.unit));
  return {
    money,
    quota: (raw) => money(quotaToDisplay(raw, display)),
    count: (n) => n.toLocaleString(),
    ms: (ms) =>
      !(ms >= 0) ? '—' : ms >= 10_000 ? fmt('seconds', (ms / 1000).toFixed(1)) : fmt('milliseconds', Math.round(ms).toLocaleString()),
    protocol: (p) => fmt(PROTOCOL_IDS[p] ?? 'protocolOther'),
    time: (s) => new Date(s * 1000).toLocaleString(),
  };
}
