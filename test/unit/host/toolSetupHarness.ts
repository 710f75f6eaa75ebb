// The host side of Set Up Other Tools… and Undo Tool Setup over the stand-ins, on a temporary home:
// shared by test/unit/host/toolSetup.test.ts and test/integration/host/toolCheck.test.ts (the Check,
// which needs a gateway on 127.0.0.1).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as toolsModule from '../../../src/core/tools/entry';
import type { VerifyOptions } from '../../../src/core/types';
import { Connection } from '../../../src/host/connection/connectionState';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { notifier } from '../../../src/host/shared/notifier';
import * as toolSetupModule from '../../../src/host/tools/entry';
import { registerToolSetup } from '../../../src/host/tools/toolCommands';
import { PREVIEW_SCHEME } from '../../../src/host/tools/toolPreview';
import { FakeMemento, LoadedModule, dontSend, fakeResult, hostParts } from './fakes';
import { fakeVscode } from './fakeVscode';

export const KEY = 'sk-ruta-tools-key-0123456789abcdef';
const OLD_KEY = 'sk-other-gateway-key-9876543210fedcba';
export const BASE = 'https://api.rutaapi.com/v1';
const ENDPOINTS = { 'gpt-4.1': ['openai', 'openai-response'], 'claude-sonnet-4': ['anthropic', 'openai'], 'deepseek-chat': ['openai'] };

export interface Modal {
  message: string;
  detail: string;
  items: string[];
}

/** What the person answers: a quick pick by its title, a modal by its message. */
export interface Answers {
  pick?: (title: string, items: any[]) => any;
  modal?: (m: Modal) => string | undefined;
  info?: (message: string, items: string[]) => string | undefined;
}

export async function setup(answers: Answers, opts: { saved?: boolean; untyped?: boolean; baseUrl?: string } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'rutaapi-tools-home-'));
  const storage = mkdtempSync(join(tmpdir(), 'rutaapi-tools-storage-'));
  const h = hostParts();
  const f = fakeVscode();
  const picks: Array<{ title: string; items: any[]; options: any }> = [];
  const modals: Modal[] = [];
  const notes: Array<{ level: string; message: string; items: string[] }> = [];
  const providers = new Map<string, any>();
  f.vs.QuickPickItemKind = { Separator: -1, Default: 0 };
  f.vs.Uri.from = (c: { scheme: string; path: string }) => ({ ...c, toString: () => `${c.scheme}:${c.path}` });
  f.vs.workspace.registerTextDocumentContentProvider = (scheme: string, p: unknown) => (providers.set(scheme, p), { dispose() {} });
  f.vs.window.showQuickPick = async (items: any[], options: any) => {
    picks.push({ title: options.title, items, options });
    return answers.pick?.(options.title, items);
  };
  const note =
    (level: string) =>
    async (message: string, ...rest: any[]) => {
      if (typeof rest[0] === 'object' && rest[0]?.modal) {
        const m = { message, detail: rest[0].detail, items: rest.slice(1) };
        modals.push(m);
        return answers.modal?.(m);
      }
      notes.push({ level, message, items: rest });
      return level === 'info' ? answers.info?.(message, rest) : undefined;
    };
  f.vs.window.showInformationMessage = note('info');
  f.vs.window.showWarningMessage = note('warn');
  f.vs.window.showErrorMessage = note('error');
  const gw = {
    verify: async (o: VerifyOptions) => ({
      ...fakeResult(o),
      models: Object.keys(ENDPOINTS),
      ...(opts.untyped ? {} : { modelEndpoints: ENDPOINTS }),
    }),
  };
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
  if (opts.baseUrl) h.config.user.set('rutaapi.baseUrl', opts.baseUrl);
  if (opts.saved !== false) {
    await h.keychain.store(KEY, { origin: new URL(opts.baseUrl ?? BASE).origin });
    await connection.verifySaved({ reason: 'test' });
  }
  registerToolSetup(
    (id, fn) => f.vs.commands.registerCommand(id, fn),
    {
      vs: f.vs,
      connection,
      settings: h.settings,
      cache: new ModelCache(new FakeMemento()),
      logger: h.logger,
      notify: notifier(f.vs),
      gateway: new LoadedModule(gw),
      tools: new LoadedModule(toolsModule),
      globalStorage: () => storage,
      toolEnv: () => ({ home, platform: 'linux', env: {} }),
    },
    new LoadedModule(toolSetupModule),
  );
  const run = (id: string) => f.vs.commands.executeCommand(id);
  /** What the editor shows for a preview document: the registered provider's answer. */
  const previewText = (uri: any): string => providers.get(PREVIEW_SCHEME).provideTextDocumentContent(uri);
  const diffs = () => f.executed.filter((e) => e[0] === 'vscode.diff');
  /** Every text the person or the log saw: the key is in none of them. */
  const assertKeyNowhere = () => {
    const seen = [
      ...notes.map((n) => n.message),
      ...modals.map((m) => `${m.message} ${m.detail}`),
      ...picks.flatMap((p) => p.items.map((i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`)),
      ...h.channel.lines,
      ...diffs().flatMap((d) => [previewText(d[1]), previewText(d[2]), String(d[3])]),
    ].join('\n');
    assert.ok(!seen.includes(KEY), 'the key was shown');
    assert.ok(!seen.includes(OLD_KEY), "the config's own key was shown");
  };
  const cleanup = () => (rmSync(home, { recursive: true, force: true }), rmSync(storage, { recursive: true, force: true }));
  return { ...h, f, home, storage, picks, modals, notes, run, diffs, previewText, assertKeyNowhere, cleanup };
}

export type Setup = Awaited<ReturnType<typeof setup>>;

export const CLAUDE_SETTINGS = `{
  // mine: keep this comment
  "theme": "dark",
  "env": { "ANTHROPIC_BASE_URL": "https://other.example/$(zap)", "ANTHROPIC_AUTH_TOKEN": "${OLD_KEY}" }
}
`;

export function write(home: string, rel: string, text: string) {
  mkdirSync(join(home, rel, '..'), { recursive: true });
  writeFileSync(join(home, rel), text);
}

/** Picks the row of `tool` in the tools' list, then the model, then the key's place (by label words). */
export function choose(tool: string, model: string, storage?: 'environment' | 'file') {
  return (title: string, items: any[]) => {
    if (title === 'Set Up Other Tools') return items.find((i) => i.tool === tool);
    if (title.startsWith('Set Up Other Tools: ')) return items.find((i) => i.action === 'setup');
    if (title.endsWith(': Model')) return items.find((i) => i.model === model);
    if (title.endsWith(': API Key')) return items.find((i) => i.storage === storage);
    return undefined;
  };
}
