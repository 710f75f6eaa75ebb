/**
 * Whether a tool is on this machine: its config exists, its program is on PATH, or (Continue) the
 * editor has its extension or its folder exists. aider writes no config of its own, so its config
 * alone would call an installed aider "not found".
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ToolEnv, ToolName, ToolRead } from '../../core/tools/types';
import { EXECUTABLES } from './toolNames';

const WINDOWS_EXTENSIONS = ['.exe', '.cmd', '.bat', '.ps1', ''];

function onPath(program: string, e: ToolEnv): boolean {
  const dirs = (e.env.PATH ?? e.env.Path ?? '').split(e.platform === 'win32' ? ';' : ':').filter(Boolean);
  const names = e.platform === 'win32' ? WINDOWS_EXTENSIONS.map((x) => program + x) : [program];
  return dirs.some((dir) => names.some((n) => existsSync(path.join(dir, n))));
}

export function isPresent(read: ToolRead, e: ToolEnv, hasExtension: (id: string) => boolean): boolean {
  if (read.found) return true;
  const tool: ToolName = read.tool;
  if (tool === 'continue') return hasExtension('Continue.continue') || existsSync(path.join(e.home, '.continue'));
  const program = EXECUTABLES[tool];
  return program !== undefined && onPath(program, e);
}
