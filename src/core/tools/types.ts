/**
 * Other tools that can use a RutaAPI key (Claude Code, Codex CLI, Continue, aider, llm): what is
 * read from their config files, the edit that sets them up, and the findings of the check. Names
 * here are a public contract (`doctor tools --json`, the host's Set Up Other Tools…): add, never rename.
 */
import type { Protocol } from '../modelProtocols';
import type { BaseUrlFindingCode, DiagnosisCode, Severity } from '../types';

export type ToolName = 'claude-code' | 'codex' | 'continue' | 'aider' | 'llm';

export const TOOL_NAMES: readonly ToolName[] = ['claude-code', 'codex', 'continue', 'aider', 'llm'];

/** Set up for this RutaAPI key and URL / for another gateway / not set up / the config could not be read. */
export type ToolState = 'rutaapi' | 'other' | 'none' | 'unreadable';

/** Where the configs live: the home folder, the OS and the environment (CODEX_HOME, XDG_CONFIG_HOME, …). */
export interface ToolEnv {
  home: string;
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Where the tool finds the key: a variable of its process environment, or a file it reads. */
export type KeyStorage = 'environment' | 'file';

/** What a setup writes: the API root (with /v1), the model and how the key travels. */
export interface ToolSetup {
  baseUrl: string;
  model: string;
  /** `file`: the key itself is written (plain text); `environment`: only a reference. */
  key: { storage: 'environment' } | { storage: 'file'; key: string };
}

/** The tool's files: its config and, for some, the file that holds the key apart (Continue's .env, llm's keys.json). */
export interface ToolFiles {
  config: string;
  secrets?: string;
}

export interface ConfigTexts {
  config?: string;
  secrets?: string;
}

/** What the reader found in a tool's config. The key text is secret: hashed, named by its prefix at most. */
export interface ToolSettings {
  /** The Base URL exactly as written. */
  baseUrl?: string;
  model?: string;
  /** A key written in plain text, the file that holds it and, where the file has several, the field's name. */
  plainKey?: { text: string; file: string; name?: string };
  /** The environment variable the tool reads the key from, when the config names one or implies it. */
  keyVariable?: string;
  /** Codex: the provider's `wire_api`. */
  wireApi?: string;
  /** Further places the tool takes a key from (Claude Code): each key is checked; two places are a conflict. */
  otherKeys?: OtherKeySource[];
}

/** A key written in the config, a variable of the tool's environment, or a command that prints a key (never run here). */
export type OtherKeySource =
  | { kind: 'file'; name: string; file: string; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'helper'; name: string; file: string };

/** Every key text the settings hold, to keep out of anything shown. */
export function keyTexts(settings: ToolSettings | undefined): string[] {
  const others = (settings?.otherKeys ?? []).flatMap((o) => (o.kind === 'file' ? [o.text] : []));
  return settings?.plainKey !== undefined ? [settings.plainKey.text, ...others] : others;
}

/** Why a config could not be read: nothing in it is overwritten. */
export interface ConfigProblem {
  file: string;
  /** 1-based line of a syntax error, when the parser names one. */
  line?: number;
  reason: 'syntax' | 'shape' | 'encoding' | 'io';
  /** One sentence, inert when shown. */
  detail: string;
}

export interface ToolRead {
  tool: ToolName;
  file: string;
  /** The config file exists. */
  found: boolean;
  state: ToolState;
  baseUrl: string | null;
  model: string | null;
  /** Present when state is `rutaapi`, `other` or `none` with a readable file. */
  settings?: ToolSettings;
  problem?: ConfigProblem;
}

export type ToolFindingCode =
  | 'tool_base_url_has_v1'
  | 'tool_base_url_missing_v1'
  | 'tool_wire_api_chat'
  | 'tool_model_unknown'
  | 'tool_model_wrong_protocol'
  | 'tool_key_other_platform'
  | 'tool_key_differs'
  | 'tool_key_in_file'
  | 'tool_key_missing'
  | 'tool_key_conflict'
  | 'tool_config_unreadable'
  | 'tool_models_unlabelled'
  | 'tool_not_set_up'
  /** The engine's own names: Base URL findings and the probe's diagnoses. */
  | DiagnosisCode
  | BaseUrlFindingCode;

export interface ToolFinding {
  code: ToolFindingCode;
  severity: Severity;
  /** One sentence, inert when shown; names a key by its prefix at most. */
  detail: string;
  /** The value to put in the config (a URL, a model id), when there is one. */
  fix?: string;
}

/** The protocol each tool speaks, as `supported_endpoint_types` spells it. */
export const TOOL_PROTOCOL: Readonly<Record<ToolName, Protocol>> = {
  'claude-code': 'anthropic',
  codex: 'openai-response',
  continue: 'openai',
  aider: 'openai',
  llm: 'openai',
};
