// A temporary home folder laid out like a Linux user's, with the tools' config files where the
// tools look for them, for the tool-setup tests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ToolEnv } from '../../../src/core/tools/types';

export const FIXTURES = join(__dirname, 'fixtures');

/** Where each fixture goes in a Linux home. */
export const PLACES = {
  'claude-settings.json': '.claude/settings.json',
  'codex-config.toml': '.codex/config.toml',
  'continue-config.yaml': '.continue/config.yaml',
  'continue.env': '.continue/.env',
  'aider.conf.yml': '.aider.conf.yml',
  'llm-extra.yaml': '.config/io.datasette.llm/extra-openai-models.yaml',
  'llm-keys.json': '.config/io.datasette.llm/keys.json',
} as const;

export const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

export interface TempHome {
  dir: string;
  env: ToolEnv;
  path(rel: string): string;
  write(rel: string, text: string | Uint8Array): void;
  read(rel: string): string;
  bytes(rel: string): Buffer;
  dispose(): void;
}

export function tempHome(files: Partial<Record<keyof typeof PLACES, string>> = {}): TempHome {
  const dir = mkdtempSync(join(tmpdir(), 'rutaapi-tools-'));
  const path = (rel: string): string => join(dir, rel);
  const write = (rel: string, text: string | Uint8Array): void => {
    mkdirSync(dirname(path(rel)), { recursive: true });
    writeFileSync(path(rel), text);
  };
  for (const [name, text] of Object.entries(files)) write(PLACES[name as keyof typeof PLACES], text);
  return {
    dir,
    env: { home: dir, platform: 'linux', env: {} },
    path,
    write,
    read: (rel) => readFileSync(path(rel), 'utf8'),
    bytes: (rel) => readFileSync(path(rel)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every fixture in its place. */
export function fullHome(): TempHome {
  return tempHome(Object.fromEntries(Object.keys(PLACES).map((name) => [name, fixture(name)])));
}
