import type { ToolName } from '../../core/tools/types';

/** How each tool is called where people meet it (its own docs' spelling). */
export const TOOL_TITLES: Readonly<Record<ToolName, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex CLI',
  continue: 'Continue',
  aider: 'aider',
  llm: 'llm',
};

/** How to get a tool that is not on this machine: the install command its docs give. */
export const INSTALL_HINTS: Readonly<Record<ToolName, string>> = {
  'claude-code': 'npm install -g @anthropic-ai/claude-code',
  codex: 'npm install -g @openai/codex',
  continue: 'Continue.continue',
  aider: 'python -m pip install aider-install && aider-install',
  llm: 'pipx install llm',
};

/** The program each command-line tool runs as, looked for on PATH (Continue is an editor extension). */
export const EXECUTABLES: Readonly<Partial<Record<ToolName, string>>> = {
  'claude-code': 'claude',
  codex: 'codex',
  aider: 'aider',
  llm: 'llm',
};
