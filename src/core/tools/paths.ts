/**
 * Where each tool keeps its settings for this user, as the tools themselves resolve them
 * (../shared/gateway/TOOLS-FACTS.md): an override variable first (CLAUDE_CONFIG_DIR, CODEX_HOME,
 * CONTINUE_GLOBAL_DIR, LLM_USER_PATH), then the default under the home folder.
 */
import { join } from 'node:path';
import type { ToolEnv, ToolFiles, ToolName } from './types';

function set(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** llm's folder: click's app dir for "io.datasette.llm" unless LLM_USER_PATH names one. */
function llmDir(e: ToolEnv): string {
  const own = set(e.env.LLM_USER_PATH);
  if (own) return own;
  if (e.platform === 'darwin') return join(e.home, 'Library', 'Application Support', 'io.datasette.llm');
  if (e.platform === 'win32') return join(set(e.env.APPDATA) ?? join(e.home, 'AppData', 'Roaming'), 'io.datasette.llm');
  return join(set(e.env.XDG_CONFIG_HOME) ?? join(e.home, '.config'), 'io.datasette.llm');
}

export function toolFiles(tool: ToolName, e: ToolEnv): ToolFiles {
  switch (tool) {
    case 'claude-code':
      return { config: join(set(e.env.CLAUDE_CONFIG_DIR) ?? join(e.home, '.claude'), 'settings.json') };
    case 'codex':
      return { config: join(set(e.env.CODEX_HOME) ?? join(e.home, '.codex'), 'config.toml') };
    case 'continue': {
      const dir = set(e.env.CONTINUE_GLOBAL_DIR) ?? join(e.home, '.continue');
      return { config: join(dir, 'config.yaml'), secrets: join(dir, '.env') };
    }
    case 'aider':
      return { config: join(e.home, '.aider.conf.yml') };
    case 'llm': {
      const dir = llmDir(e);
      return { config: join(dir, 'extra-openai-models.yaml'), secrets: join(dir, 'keys.json') };
    }
  }
}
