/**
 * dist/tools.js: the other tools' configs (Claude Code, Codex CLI, Continue, aider, llm) read,
 * set up, undone and checked, with jsonc-parser, yaml and smol-toml; a bundle of its own so the
 * editor loads those parsers only when Set Up Other Tools… or Undo Tool Setup runs. Everything
 * here reads and writes through `ToolFs` (node:fs by default) under the home folder it is given.
 */
export { readTool, readTools } from './readTool';
export { planToolSetup } from './plan';
export { applyToolPlan } from './apply';
export { toolSetupHistory, undoToolSetup } from './undo';
export { modelsForTool } from './toolModels';
export { checkToolConfig } from './checks';
export { checkTools } from './toolCheck';
export { probeTool } from './probe';
export { toolFiles } from './paths';
export { keyStoragesOf } from './adapters';
export { TOOL_NAMES, TOOL_PROTOCOL } from './types';
