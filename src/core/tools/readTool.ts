/**
 * Reads a tool's config (and the file that holds its key apart, if any) and says what it is set up
 * for: this RutaAPI key and URL, another gateway, nothing, or a file that cannot be read (with the
 * line of the error). Reads only; never throws.
 */
import { createHash } from 'node:crypto';
import { t } from '../l10n';
import { analyzeApiKey } from '../apiKey';
import { ADAPTERS } from './adapters';
import { originOf } from './adapter';
import { aiderModelId } from './aider';
import { ConfigError } from './configError';
import { toolFiles } from './paths';
import { nodeToolFs, type ToolFs } from './toolFs';
import {
  TOOL_NAMES,
  type ConfigProblem,
  type ConfigTexts,
  type ToolEnv,
  type ToolName,
  type ToolRead,
  type ToolSettings,
  type ToolState,
} from './types';

export interface ToolTarget {
  /** The RutaAPI Base URL (API root, with /v1). */
  baseUrl: string;
  /** The key the user verified, raw; compared with a key in the config by hash. */
  key?: string;
}

export interface ReadToolOptions {
  env: ToolEnv;
  target: ToolTarget;
  fs?: ToolFs;
}

/** SHA-256 as hex: keys compared without being kept or shown, files recognised as the ones a setup wrote. */
export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The text without a byte-order mark, and whether it had one. */
export function decode(bytes: Uint8Array): { text: string; bom: boolean } {
  // ignoreBOM keeps a byte-order mark in the text, so it is seen here and written back.
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  return text.startsWith('\uFEFF') ? { text: text.slice(1), bom: true } : { text, bom: false };
}

async function readText(fs: ToolFs, file: string, inSecrets: boolean): Promise<string | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await fs.read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
    throw new ConfigError({ reason: 'io', detail: t('The file could not be read ({0}).', code) }, inSecrets);
  }
  if (bytes === undefined) return undefined;
  try {
    return decode(bytes).text;
  } catch {
    throw new ConfigError({ reason: 'encoding', detail: t('The file is not UTF-8 text.') }, inSecrets);
  }
}

/** Both texts of a tool (a missing file is undefined). Throws ConfigError. */
export async function readTexts(fs: ToolFs, files: { config: string; secrets?: string }): Promise<ConfigTexts> {
  const config = await readText(fs, files.config, false);
  const secrets = files.secrets !== undefined ? await readText(fs, files.secrets, true) : undefined;
  return { config, secrets };
}

/** The id the tool sends to the gateway (aider's `openai/` prefix dropped). */
export function requestedModel(tool: ToolName, settings: ToolSettings): string | undefined {
  return tool === 'aider' ? aiderModelId(settings.model) : settings.model;
}

export function stateOf(settings: ToolSettings, target: ToolTarget): ToolState {
  if (settings.baseUrl === undefined || settings.baseUrl.trim() === '') return 'none';
  if (originOf(settings.baseUrl) !== originOf(target.baseUrl)) return 'other';
  const given = target.key !== undefined ? analyzeApiKey(target.key).cleaned : null;
  const own = settings.plainKey !== undefined ? analyzeApiKey(settings.plainKey.text).cleaned : null;
  if (given && settings.plainKey !== undefined && (own === null || sha256(own) !== sha256(given))) return 'other';
  return 'rutaapi';
}

function unreadable(tool: ToolName, file: string, found: boolean, problem: ConfigProblem): ToolRead {
  return { tool, file, found, state: 'unreadable', baseUrl: null, model: null, problem };
}

export async function readTool(tool: ToolName, options: ReadToolOptions): Promise<ToolRead> {
  const fs = options.fs ?? nodeToolFs;
  const files = toolFiles(tool, options.env);
  let texts: ConfigTexts;
  try {
    texts = await readTexts(fs, files);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const file = error.inSecrets && files.secrets ? files.secrets : files.config;
    return unreadable(tool, files.config, true, { ...error.problem, file });
  }
  const found = texts.config !== undefined;
  let settings: ToolSettings;
  try {
    settings = ADAPTERS[tool].read(texts, files, options.target.baseUrl);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return unreadable(tool, files.config, found, {
      ...error.problem,
      file: error.inSecrets && files.secrets ? files.secrets : files.config,
    });
  }
  return {
    tool,
    file: files.config,
    found,
    state: found ? stateOf(settings, options.target) : 'none',
    baseUrl: settings.baseUrl ?? null,
    model: settings.model ?? null,
    settings,
  };
}

/** Every tool, in TOOL_NAMES order. */
export function readTools(options: ReadToolOptions): Promise<ToolRead[]> {
  return Promise.all(TOOL_NAMES.map((tool) => readTool(tool, options)));
}
