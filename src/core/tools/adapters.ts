/** The five tools' modules by name. */
import type { ToolAdapter } from './adapter';
import { aider } from './aider';
import { claudeCode } from './claudeCode';
import { codex } from './codex';
import { continueDev } from './continueDev';
import { llm } from './llm';
import type { KeyStorage, ToolName } from './types';

export const ADAPTERS: Readonly<Record<ToolName, ToolAdapter>> = { 'claude-code': claudeCode, codex, continue: continueDev, aider, llm };

/** Where the tool can find the key, the default first (the host offers only these). */
export function keyStoragesOf(tool: ToolName): readonly KeyStorage[] {
  return ADAPTERS[tool].keyStorages;
}
