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
  // One formatter each, made once: toLocaleString() builds a new one per call, 1,000 calls per table page.
  const numbers = new Intl.NumberFormat();
  const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  const count = (n: number): string => numbers.format(n);
  const money = (v: number): string => (tokens ? fmt('amountTokens', count(Math.round(v))) : formatAmount(v, display.unit));
  return {
    money,
    quota: (raw) => money(quotaToDisplay(raw, display)),
    count,
    ms: (ms) => (!(ms >= 0) ? '—' : ms >= 10_000 ? fmt('seconds', (ms / 1000).toFixed(1)) : fmt('milliseconds', count(Math.round(ms)))),
    protocol: (p) => fmt(PROTOCOL_IDS[p] ?? 'protocolOther'),
    time: (s) => dates.format(s * 1000),
  };
}
