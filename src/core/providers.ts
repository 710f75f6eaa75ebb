/**
 * Other platforms' API hosts and API-key formats. Used to tell the user, by name, that a Base URL
 * or a key belongs to another platform (the guide's "key and Base URL must come from the same
 * platform"). Pure data plus two lookups; no `vscode` import.
 */

interface ProviderHost {
  /** Display name, e.g. "OpenRouter". */
  name: string;
  /**
   * Hostnames (lowercase, ASCII). A hostname matches when it equals one of these or ends with
   * `.` + one of these (label suffix match, never a substring match).
   */
  hosts: readonly string[];
  /** Suffix-only patterns: the hostname must be a proper subdomain, e.g. `*.openai.azure.com`. */
  subdomainsOf?: readonly string[];
}

const PROVIDER_HOSTS: readonly ProviderHost[] = [
  { name: 'OpenAI', hosts: ['api.openai.com', 'chat.openai.com', 'chatgpt.com', 'platform.openai.com'] },
  { name: 'Azure OpenAI', hosts: [], subdomainsOf: ['openai.azure.com', 'services.ai.azure.com', 'cognitiveservices.azure.com'] },
  { name: 'OpenRouter', hosts: ['openrouter.ai'] },
  { name: 'Anthropic', hosts: ['api.anthropic.com', 'console.anthropic.com'] },
  { name: 'Google Gemini', hosts: ['generativelanguage.googleapis.com', 'aistudio.google.com'] },
  { name: 'Google Vertex AI', hosts: ['aiplatform.googleapis.com'] },
  { name: 'Groq', hosts: ['api.groq.com', 'console.groq.com'] },
  { name: 'DeepSeek', hosts: ['api.deepseek.com', 'platform.deepseek.com'] },
  { name: 'xAI', hosts: ['api.x.ai', 'console.x.ai'] },
  { name: 'Mistral', hosts: ['api.mistral.ai', 'codestral.mistral.ai', 'console.mistral.ai'] },
  { name: 'Together AI', hosts: ['api.together.xyz', 'api.together.ai'] },
  { name: 'Fireworks AI', hosts: ['api.fireworks.ai'] },
  { name: 'Perplexity', hosts: ['api.perplexity.ai'] },
  { name: 'Cohere', hosts: ['api.cohere.com', 'api.cohere.ai'] },
  { name: 'Hugging Face', hosts: ['api-inference.huggingface.co', 'router.huggingface.co', 'huggingface.co'] },
  { name: 'Replicate', hosts: ['api.replicate.com'] },
  { name: 'NVIDIA', hosts: ['integrate.api.nvidia.com'] },
  { name: 'Cerebras', hosts: ['api.cerebras.ai'] },
  { name: 'Moonshot AI', hosts: ['api.moonshot.ai', 'api.moonshot.cn'] },
  { name: 'DeepInfra', hosts: ['api.deepinfra.com'] },
  { name: 'Amazon Bedrock', hosts: [], subdomainsOf: ['amazonaws.com'] },
];

function matchesLabelSuffix(hostname: string, domain: string): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/**
 * The display name of the platform whose API lives at `hostname`, or undefined.
 * Case-insensitive, ignores a trailing dot and IPv6 brackets; matches whole labels only, so
 * `api.openai.com.evil.example` and `notopenrouter.ai` are not matched.
 */
export function providerForHost(hostname: string | null | undefined): string | undefined {
  if (typeof hostname !== 'string' || hostname.length === 0) return undefined;
  const host = hostname.trim().toLowerCase().replace(/\.+$/, '');
  if (!host) return undefined;
  for (const provider of PROVIDER_HOSTS) {
    if (provider.hosts.some((d) => matchesLabelSuffix(host, d))) return provider.name;
    if (provider.subdomainsOf?.some((d) => host.endsWith(`.${d}`) && host.length > d.length + 1)) {
      // Amazon Bedrock: only bedrock runtime hosts, not every AWS host.
      if (provider.name === 'Amazon Bedrock' && !/(^|\.)bedrock(-runtime)?[.-]/.test(host)) continue;
      return provider.name;
    }
  }
  return undefined;
}

interface KeyFormat {
  /** Display name of the platform, e.g. "Anthropic". */
  platform: string;
  /** Case-sensitive prefix the platform's keys start with. */
  prefix: string;
  /** Minimum number of characters after the prefix for a match (default 4). */
  minLength?: number;
}

/**
 * Foreign key formats, most specific first. Every `sk-` sub-prefix must come before any generic
 * rule; a plain `sk-…` key is NOT foreign (RutaAPI keys look like that too, and sandbox keys are
 * `sk-ruta-sandbox-…`).
 */
export const KEY_FORMATS: readonly KeyFormat[] = [
  { platform: 'Anthropic', prefix: 'sk-ant-' },
  { platform: 'OpenRouter', prefix: 'sk-or-' },
  { platform: 'OpenAI', prefix: 'sk-proj-' },
  { platform: 'OpenAI', prefix: 'sk-svcacct-' },
  { platform: 'OpenAI', prefix: 'sk-admin-' },
  { platform: 'Google Gemini', prefix: 'AIza' },
  { platform: 'Groq', prefix: 'gsk_' },
  { platform: 'xAI', prefix: 'xai-' },
  { platform: 'Perplexity', prefix: 'pplx-' },
  { platform: 'Hugging Face', prefix: 'hf_' },
  { platform: 'Replicate', prefix: 'r8_' },
  { platform: 'NVIDIA', prefix: 'nvapi-' },
  { platform: 'Fireworks AI', prefix: 'fw_' },
  { platform: 'Cerebras', prefix: 'csk-' },
  { platform: 'GitHub', prefix: 'ghp_' },
  { platform: 'GitHub', prefix: 'github_pat_' },
];

/** Sandbox keys look like `sk-ruta-sandbox-…`; RutaAPI keys like `sk-…`. Neither is foreign. */
export function platformForKey(key: string | null | undefined): string | undefined {
  if (typeof key !== 'string') return undefined;
  const k = key.trim();
  if (!k) return undefined;
  for (const format of KEY_FORMATS) {
    if (k.startsWith(format.prefix) && k.length >= format.prefix.length + (format.minLength ?? 4)) {
      return format.platform;
    }
  }
  return undefined;
}
