/**
 * Token limits and capabilities of the models a RutaAPI key can use, for VS Code's model picker:
 * `rutaapi.modelLimits` (the person's own numbers) wins field by field, then a small table of
 * well-known families, then a conservative default. A gateway's `/models` says nothing about
 * limits, and guessing 128k for every model (what other providers do) makes long prompts fail at
 * the gateway for small models and wastes the context of large ones.
 *
 * `maxInputTokens` is what may be sent: where the provider's context window includes the output
 * (OpenAI, Anthropic, DeepSeek, Qwen, Llama) it is the context window minus `maxOutputTokens`;
 * Gemini's input limit is separate from its output limit. Figures are from each provider's model
 * documentation (the `source` of every entry), read for RutaAPI Connect 0.1; a gateway may route a
 * model to a deployment with smaller limits, which is what the setting is for.
 * Pure TypeScript. Never throws.
 */

export interface ModelLimits {
  maxInputTokens: number;
  maxOutputTokens: number;
  toolCalling: boolean;
  imageInput: boolean;
}

interface ResolvedLimits extends ModelLimits {
  /** Where the base figures came from. */
  origin: 'table' | 'default';
  /** The table entry's family name, when one matched. */
  family?: string;
  /** Fields the `rutaapi.modelLimits` setting set. */
  fromSetting: Array<keyof ModelLimits>;
}

export type ModelLimitsSetting = Record<string, Partial<ModelLimits>>;

interface FamilyEntry extends ModelLimits {
  family: string;
  /** Matched against the id, lower-cased, without a `vendor/` prefix. First match wins. */
  pattern: RegExp;
  source: string;
}

const OPENAI = 'https://platform.openai.com/docs/models';
const ANTHROPIC = 'https://docs.anthropic.com/en/docs/about-claude/models/overview';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/models';
const DEEPSEEK = 'https://api-docs.deepseek.com/quick_start/pricing';
const QWEN = 'https://help.aliyun.com/zh/model-studio/models';
const LLAMA = 'https://www.llama.com/docs/model-cards-and-prompt-formats/';

const entry = (
  family: string,
  pattern: RegExp,
  context: number,
  maxOutputTokens: number,
  caps: { tools: boolean; images: boolean },
  source: string,
  /** The input limit is separate from the output (not context − output). */
  separateInput = false,
): FamilyEntry => ({
  family,
  pattern,
  maxInputTokens: separateInput ? context : context - maxOutputTokens,
  maxOutputTokens,
  toolCalling: caps.tools,
  imageInput: caps.images,
  source,
});

const TOOLS_IMAGES = { tools: true, images: true };
const TOOLS = { tools: true, images: false };
const TEXT = { tools: false, images: false };

/** The well-known families (most specific first). Each figure's source is the entry's URL. */
export const MODEL_FAMILIES: readonly FamilyEntry[] = [
  // OpenAI: gpt-5 has a 400k window with 272k input and 128k output.
  entry('gpt-5', /^gpt-5(?!\d)/, 272_000, 128_000, TOOLS_IMAGES, `${OPENAI}/gpt-5`, true),
  entry('gpt-4.1', /^gpt-4\.1/, 1_047_576, 32_768, TOOLS_IMAGES, `${OPENAI}/gpt-4.1`),
  entry('gpt-4o', /^(chatgpt-)?gpt-4o/, 128_000, 16_384, TOOLS_IMAGES, `${OPENAI}/gpt-4o`),
  entry('gpt-4-turbo', /^gpt-4-(turbo|\d{4}-preview)/, 128_000, 4_096, TOOLS_IMAGES, `${OPENAI}/gpt-4-turbo`),
  entry('gpt-4', /^gpt-4(?![.o\d])/, 8_192, 4_096, TOOLS, `${OPENAI}/gpt-4`),
  entry('gpt-3.5-turbo', /^gpt-3\.5-turbo/, 16_385, 4_096, TOOLS, `${OPENAI}/gpt-3.5-turbo`),
  entry('o1-mini', /^o1-mini/, 128_000, 65_536, TEXT, `${OPENAI}/o1-mini`),
  entry('o3-mini', /^o3-mini/, 200_000, 100_000, TOOLS, `${OPENAI}/o3-mini`),
  entry('o-series', /^o[134](?![\d])/, 200_000, 100_000, TOOLS_IMAGES, `${OPENAI}/o3`),
  // Anthropic: 200k context for every current model; the output differs.
  entry('claude-opus-4', /^claude-(opus-4|4-opus)/, 200_000, 32_000, TOOLS_IMAGES, ANTHROPIC),
  entry('claude-sonnet-4', /^claude-(sonnet-4|4-sonnet)/, 200_000, 64_000, TOOLS_IMAGES, ANTHROPIC),
  entry('claude-haiku-4', /^claude-(haiku-4|4-haiku)/, 200_000, 64_000, TOOLS_IMAGES, ANTHROPIC),
  entry('claude-3-7-sonnet', /^claude-3[-.]7-sonnet/, 200_000, 64_000, TOOLS_IMAGES, ANTHROPIC),
  entry('claude-3-5', /^claude-3[-.]5-(sonnet|haiku)/, 200_000, 8_192, TOOLS_IMAGES, ANTHROPIC),
  entry('claude-3', /^claude-3-(opus|sonnet|haiku)/, 200_000, 4_096, TOOLS_IMAGES, ANTHROPIC),
  // Google: input and output limits are separate.
  entry('gemini-2.5', /^gemini-2\.5-(pro|flash)/, 1_048_576, 65_536, TOOLS_IMAGES, GOOGLE, true),
  entry('gemini-2.0', /^gemini-2\.0-flash/, 1_048_576, 8_192, TOOLS_IMAGES, GOOGLE, true),
  entry('gemini-1.5-pro', /^gemini-1\.5-pro/, 2_097_152, 8_192, TOOLS_IMAGES, GOOGLE, true),
  entry('gemini-1.5-flash', /^gemini-1\.5-flash/, 1_048_576, 8_192, TOOLS_IMAGES, GOOGLE, true),
  // DeepSeek: 64k context; the reasoner has no function calling.
  entry('deepseek-reasoner', /^deepseek-(reasoner|r1)/, 65_536, 32_768, TEXT, DEEPSEEK),
  entry('deepseek-chat', /^deepseek-(chat|v3)/, 65_536, 8_192, TOOLS, DEEPSEEK),
  // Qwen (Alibaba Model Studio).
  entry('qwen-vl', /^qwen[\d.]*-vl/, 131_072, 8_192, TOOLS_IMAGES, QWEN),
  entry('qwen3-coder', /^qwen3-coder/, 262_144, 65_536, TOOLS, QWEN),
  entry('qwen-turbo', /^qwen-turbo/, 1_000_000, 8_192, TOOLS, QWEN),
  entry('qwen-plus', /^qwen-plus/, 131_072, 8_192, TOOLS, QWEN),
  entry('qwen-max', /^qwen-max/, 32_768, 8_192, TOOLS, QWEN),
  entry('qwen3', /^qwen3/, 131_072, 8_192, TOOLS, QWEN),
  entry('qwen2.5', /^qwen2\.5/, 32_768, 8_192, TOOLS, QWEN),
  // Meta Llama: 128k context (3.1 and later); hosts commonly cap the output at 8k.
  entry('llama-3.2-vision', /^(meta-)?llama-3\.2-\d+b-vision/, 131_072, 8_192, TOOLS_IMAGES, LLAMA),
  entry('llama-4', /^(meta-)?llama-4/, 131_072, 8_192, TOOLS_IMAGES, LLAMA),
  entry('llama-3', /^(meta-)?llama-3\.[123]/, 131_072, 8_192, TOOLS, LLAMA),
];

/**
 * For a model no entry and no setting describe: a 32k window (most current chat models have at
 * least that), 4k of it for the answer, and no tool calling or images until the setting says so
 * (a request with tools to a model without them fails at the gateway).
 */
export const DEFAULT_LIMITS: ModelLimits = { maxInputTokens: 28_672, maxOutputTokens: 4_096, toolCalling: false, imageInput: false };

/** The most a setting may claim (10M tokens): beyond is a typo. */
const MAX_TOKENS_SETTING = 10_000_000;

/** The id as the table sees it: lower case, without a `vendor/` prefix (`openai/gpt-4o`). */
function familyKey(id: string): string {
  const lower = String(id ?? '')
    .trim()
    .toLowerCase();
  const slash = lower.lastIndexOf('/');
  return slash === -1 ? lower : lower.slice(slash + 1);
}

export function familyFor(id: string): FamilyEntry | undefined {
  const key = familyKey(id);
  return MODEL_FAMILIES.find((f) => f.pattern.test(key));
}

/**
 * Reads `rutaapi.modelLimits` as the settings file holds it: keeps only well-formed fields
 * (positive whole token counts up to 10M, booleans); everything else is dropped, never an error.
 */
export function readModelLimitsSetting(value: unknown): ModelLimitsSetting {
  const out: ModelLimitsSetting = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!id.trim() || !raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
    const r = raw as Record<string, unknown>;
    const limits: Partial<ModelLimits> = {};
    for (const k of ['maxInputTokens', 'maxOutputTokens'] as const) {
      const n = r[k];
      if (typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_TOKENS_SETTING) limits[k] = n;
    }
    for (const k of ['toolCalling', 'imageInput'] as const) {
      if (typeof r[k] === 'boolean') limits[k] = r[k] as boolean;
    }
    if (Object.keys(limits).length > 0) out[id.trim()] = limits;
  }
  return out;
}

/** The setting's entry for an id: the exact id, else the longest matching `prefix*` pattern. */
function settingFor(id: string, setting: ModelLimitsSetting): Partial<ModelLimits> | undefined {
  if (Object.prototype.hasOwnProperty.call(setting, id)) return setting[id];
  let best: string | undefined;
  for (const pattern of Object.keys(setting)) {
    if (!pattern.endsWith('*')) continue;
    const prefix = pattern.slice(0, -1);
    if (id.startsWith(prefix) && (best === undefined || prefix.length > best.length - 1)) best = pattern;
  }
  return best === undefined ? undefined : setting[best];
}

/** Limits for one model id: setting (per field) > table > default. */
export function resolveModelLimits(id: string, setting: ModelLimitsSetting = {}): ResolvedLimits {
  const family = familyFor(id);
  const base: ModelLimits = family
    ? {
        maxInputTokens: family.maxInputTokens,
        maxOutputTokens: family.maxOutputTokens,
        toolCalling: family.toolCalling,
        imageInput: family.imageInput,
      }
    : { ...DEFAULT_LIMITS };
  const own = settingFor(id, setting) ?? {};
  const fromSetting = (Object.keys(own) as Array<keyof ModelLimits>).filter((k) => own[k] !== undefined);
  return {
    ...base,
    ...own,
    origin: family ? 'table' : 'default',
    ...(family ? { family: family.family } : {}),
    fromSetting,
  };
}
