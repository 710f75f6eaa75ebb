/**
 * A fast token estimate for `provideTokenCount`: no vocabulary, no tokenizer file, a few
 * microseconds per message, so it costs nothing at activation and little per request. The text is
 * split the way o200k_base's pre-tokenizer splits it (letter runs with their leading space, digit
 * groups of three, punctuation runs, whitespace), and each piece is priced: a short word is one
 * token, a longer one about one token per `CHARS_PER_WORD_TOKEN` characters (more for accented
 * and non-Latin letters), digits one per three, punctuation about one per two characters.
 *
 * Measured against o200k_base (gpt-tokenizer) on test/unit/lm/tokenCorpus.ts, whole samples:
 * English 280 tokens, Spanish 266, code 299; the test (test/unit/lm/tokens.test.ts) holds the
 * estimate within ±10 % of each sample and ±25 % of every single line of prose. Figures are in the
 * test's output. Other models' tokenizers differ from o200k by more than that (Claude's and
 * Llama's count 10–20 % more for the same text), so the editor should keep a margin anyway.
 * Pure TypeScript. Never throws.
 */

import type { LmMessage } from './messages';

/** Per-message overhead of the chat format (role and separators), as OpenAI documents it. */
const MESSAGE_OVERHEAD_TOKENS = 4;
/** A flat price for an image part (a 512×512 tile in OpenAI's pricing is 170 + 85). */
const IMAGE_TOKENS = 255;

const PIECE = /( ?)(\p{L}[\p{L}\p{M}]*|\p{N}+|[^\s\p{L}\p{N}]+)|(\s+)/gu;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;
const LATIN = /^[\p{Script=Latin}\p{M}]+$/u;
const LETTER = /\p{L}/u;
const CAMEL = /[a-z][A-Z]/;
const CAMEL_SPLIT = /(?<=[a-z])(?=[A-Z])/;

/** A word's price (fractional: the sum is rounded once). */
function wordTokens(word: string): number {
  const n = word.length;
  if (ASCII.test(word)) {
    // camelCase and PascalCase identifiers split at their capitals (maxInputTokens: 3).
    if (n > 3 && CAMEL.test(word)) return word.split(CAMEL_SPLIT).reduce((sum, part) => sum + wordTokens(part), 0);
    // o200k's vocabulary holds most English words up to ~11 letters whole.
    if (n <= 7) return 1;
    if (n <= 11) return 1.3;
    return n / 7;
  }
  if (LATIN.test(word)) {
    // Accented Latin (Spanish, French …): the accent usually splits the word once or twice.
    if (n <= 5) return 1;
    if (n <= 12) return 2;
    return n / 6;
  }
  // CJK, Cyrillic, Arabic …: about one token per 1–2 characters in o200k.
  return n / 1.5;
}

/** The estimated o200k_base token count of `text`. */
export function estimateTokens(text: string): number {
  if (typeof text !== 'string' || text === '') return 0;
  let tokens = 0;
  PIECE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PIECE.exec(text)) !== null) {
    const piece = m[2];
    if (piece === undefined) {
      const space = m[3] ?? '';
      const lastBreak = Math.max(space.lastIndexOf('\n'), space.lastIndexOf('\r'));
      if (lastBreak === -1) tokens += space.length > 1 ? 1 : 0;
      // A line break (or a run of them) is one token; indentation after it one more.
      else tokens += 1 + (space.length - lastBreak - 1 >= 2 ? 1 : 0);
      continue;
    }
    if (LETTER.test(piece[0])) tokens += wordTokens(piece);
    // Digits go in groups of three, and never take the space before them.
    else if (/\p{N}/u.test(piece[0])) tokens += Math.ceil(piece.length / 3) + (m[1] ? 1 : 0);
    else {
      // A word takes the one character before it (`.get`, `(body`): that character is not priced twice.
      const next = text[PIECE.lastIndex];
      const n = piece.length - (next !== undefined && LETTER.test(next) ? 1 : 0);
      tokens += n <= 0 ? 0 : n <= 3 ? 1 : n / 3;
    }
  }
  return Math.max(1, Math.round(tokens));
}

/** One chat message: its parts plus the per-message overhead. */
export function estimateMessageTokens(message: LmMessage): number {
  let tokens = MESSAGE_OVERHEAD_TOKENS;
  if (message.name) tokens += 1;
  for (const part of message.parts) {
    switch (part.kind) {
      case 'text':
        tokens += estimateTokens(part.value);
        break;
      case 'toolCall': {
        let args: string;
        try {
          args = JSON.stringify(part.input) ?? '';
        } catch {
          args = '';
        }
        tokens += estimateTokens(part.name) + estimateTokens(args) + 3;
        break;
      }
      case 'toolResult':
        tokens += estimateTokens(part.content) + 3;
        break;
      case 'image':
        tokens += IMAGE_TOKENS;
        break;
    }
  }
  return tokens;
}
