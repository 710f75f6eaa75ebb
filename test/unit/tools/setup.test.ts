// Issue 21, item 2 (core): the setup of each tool planned (new text and a diff, nothing written),
// applied (a backup next to the file, parent folders created) and undone byte for byte, on a
// temporary home. The new texts are golden files (UPDATE_GOLDEN=1 rewrites them): they show that
// comments, order and formatting are kept.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyToolPlan } from '../../../src/core/tools/apply';
import { nodeToolFs, type ToolFs } from '../../../src/core/tools/toolFs';
import { planToolSetup, type ToolPlan } from '../../../src/core/tools/plan';
import { toolSetupHistory, undoToolSetup } from '../../../src/core/tools/undo';
import { TOOL_NAMES, type ToolName, type ToolSetup } from '../../../src/core/tools/types';
import { fullHome, tempHome, type TempHome } from './home';

const GOLDEN = join(__dirname, 'golden');
const KEY = 'sk-rutaapi-golden-0123456789abcdef01234567';
const BASE = 'https://api.rutaapi.com/v1';

function setupFor(tool: ToolName): ToolSetup {
  const model = tool === 'claude-code' ? 'claude-sonnet-4' : tool === 'codex' ? 'gpt-4.1' : 'deepseek-chat';
  const storage = tool === 'codex' || tool === 'aider' ? 'environment' : 'file';
  return { baseUrl: BASE, model, key: storage === 'file' ? { storage, key: KEY } : { storage } };
}

function render(plan: ToolPlan, home: TempHome): string {
  const rel = (file: string): string => `~${file.slice(home.dir.length)}`;
  const parts = [`keyInPlainText: ${plan.keyInPlainText.map(rel).join(', ') || '-'}`, `keyVariable: ${plan.keyVariable ?? '-'}`];
  for (const e of plan.edits) {
    parts.push(`=== ${rel(e.file)}${e.before === undefined ? ' (new)' : ''}${e.holdsKey ? ' (holds the key)' : ''}`);
    parts.push(new TextDecoder().decode(e.after));
    parts.push('=== diff', e.diff.split(home.dir).join('~'));
  }
  return parts.join('\n');
}

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`golden file ${name}.txt was missing: written, check it and run again`);
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `golden ${name}.txt`);
}

async function plan(tool: ToolName, home: TempHome, setup = setupFor(tool)): Promise<ToolPlan> {
  const outcome = await planToolSetup(tool, { env: home.env, setup });
  assert.ok(outcome.ok, `plan for ${tool}: ${JSON.stringify(!outcome.ok && outcome.problem)}`);
  return outcome.plan;
}

/** Every file under the home, with its bytes (the storage folder included). */
function snapshot(home: TempHome): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(path.slice(home.dir.length), readFileSync(path).toString('base64'));
    }
  };
  walk(home.dir);
  return out;
}

/** The real file system, except that `path` cannot be written (EACCES), as a read-only file. */
function readOnly(path: string): ToolFs {
  const denied = (): Error => Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
  return {
    ...nodeToolFs,
    write: async (p, data) => (p === path ? Promise.reject(denied()) : nodeToolFs.write(p, data)),
    writable: async (p) => p !== path && nodeToolFs.writable(p),
  };
}

describe('tools: plan, apply, undo', () => {
  let home: TempHome;
  afterEach(() => home?.dispose());

  for (const tool of TOOL_NAMES) {
    it(`${tool}: no file yet — the plan creates it; apply makes the folders; undo removes it`, async () => {
      home = tempHome();
      const p = await plan(tool, home);
      golden(`${tool}-new`, render(p, home));
      assert.ok(
        p.edits.every((e) => !e.diff.includes(KEY)),
        'the diff shows the key by its prefix only',
      );
      assert.equal(snapshot(home).size, 0, 'planning writes nothing');
      const storageDir = home.path('storage');
      assert.deepEqual(await applyToolPlan(p, { storageDir }), { ok: true, files: p.edits.map((e) => e.file) });
      for (const e of p.edits) assert.deepEqual(new Uint8Array(readFileSync(e.file)), e.after);
      assert.equal((await toolSetupHistory({ storageDir })).length, p.edits.length);
      const undone = await undoToolSetup({ storageDir });
      assert.deepEqual(undone.skipped, []);
      assert.deepEqual(
        [...snapshot(home).keys()].filter((f) => !f.startsWith('/storage')),
        [],
      );
    });

    it(`${tool}: an existing file with comments and other providers — kept, only RutaAPI's part changes; undo is byte-identical`, async () => {
      home = fullHome();
      const before = snapshot(home);
      const p = await plan(tool, home);
      golden(`${tool}-existing`, render(p, home));
      const storageDir = home.path('storage');
      assert.equal((await applyToolPlan(p, { storageDir })).ok, true);
      for (const e of p.edits)
        assert.deepEqual(readFileSync(`${e.file}.rutaapi-backup`), Buffer.from(e.before!), 'backup next to the file');
      const again = await plan(tool, home);
      assert.deepEqual(again.edits, [], 'a second setup changes nothing');
      await undoToolSetup({ storageDir });
      const after = snapshot(home);
      for (const [file, bytes] of before) assert.equal(after.get(file), bytes, `${file} byte-identical`);
      assert.deepEqual(
        [...after.keys()].filter((f) => !before.has(f)),
        [],
        'no backup or record left',
      );
    });
  }

  it('claude-code: ANTHROPIC_API_KEY and apiKeyHelper beside the token — the plan removes both and shows it; undo is byte-identical', async () => {
    const other = 'anthropic-console-key-0123456789abcdefABCDEF';
    const original = [
      '{',
      '  // mine',
      '  "apiKeyHelper": "~/bin/print-key.sh",',
      '  "env": {',
      '    "ANTHROPIC_BASE_URL": "https://api.rutaapi.com",',
      `    "ANTHROPIC_AUTH_TOKEN": "${KEY}",`,
      `    "ANTHROPIC_API_KEY": "${other}",`,
      '    "ANTHROPIC_MODEL": "claude-sonnet-4"',
      '  }',
      '}',
      '',
    ].join('\n');
    home = tempHome();
    home.write('.claude/settings.json', original);
    const before = snapshot(home);
    const p = await plan('claude-code', home);
    golden('claude-code-conflict', render(p, home));
    const [e] = p.edits;
    assert.match(e.diff, /^- {2}"apiKeyHelper": "~\/bin\/print-key\.sh",$/m, 'the diff names the helper it removes');
    assert.match(e.diff, /^- {4}"ANTHROPIC_API_KEY": /m);
    assert.ok(!e.diff.includes(other) && !e.diff.includes(KEY), 'the diff shows every key by its prefix only');
    const storageDir = home.path('storage');
    assert.equal((await applyToolPlan(p, { storageDir })).ok, true);
    assert.doesNotMatch(home.read('.claude/settings.json'), /apiKeyHelper|ANTHROPIC_API_KEY/);
    await undoToolSetup({ storageDir });
    const after = snapshot(home);
    for (const [file, bytes] of before) assert.equal(after.get(file), bytes, `${file} byte-identical`);
  });

  // Every tool, and the file that holds its key apart (Continue's .env, llm's keys.json): a file that
  // cannot be parsed is a problem naming it (and its line), and nothing under the home changes.
  const MALFORMED: ReadonlyArray<{ tool: ToolName; rel: string; text: string | Uint8Array; reason: string; line?: number }> = [
    { tool: 'claude-code', rel: '.claude/settings.json', text: '{\n  "env": {\n    "A": 1\n  \n', reason: 'syntax', line: 5 },
    { tool: 'codex', rel: '.codex/config.toml', text: 'model = "o3"\n[model_providers.x\n', reason: 'syntax', line: 2 },
    { tool: 'continue', rel: '.continue/config.yaml', text: 'name: mine\nmodels: [a\n', reason: 'syntax', line: 3 },
    { tool: 'continue', rel: '.continue/.env', text: new Uint8Array([0x41, 0x3d, 0xff, 0xfe, 0x0a]), reason: 'encoding' },
    { tool: 'aider', rel: '.aider.conf.yml', text: 'model: [a\n', reason: 'syntax', line: 2 },
    { tool: 'llm', rel: '.config/io.datasette.llm/extra-openai-models.yaml', text: '- a: [\n', reason: 'syntax', line: 2 },
    { tool: 'llm', rel: '.config/io.datasette.llm/keys.json', text: '{\n  "a": "b",\n  oops\n}\n', reason: 'syntax', line: 3 },
  ];
  for (const c of MALFORMED) {
    it(`${c.tool}: a malformed ${c.rel.split('/').pop()} is never overwritten: the problem names the file${c.line ? ' and the line' : ''}`, async () => {
      home = tempHome();
      home.write(c.rel, c.text);
      const before = snapshot(home);
      const outcome = await planToolSetup(c.tool, { env: home.env, setup: setupFor(c.tool) });
      assert.equal(outcome.ok, false);
      if (!outcome.ok) {
        assert.deepEqual([outcome.problem.reason, outcome.problem.line, outcome.problem.file], [c.reason, c.line, home.path(c.rel)]);
      }
      assert.deepEqual(snapshot(home), before);
    });
  }

  it('the malformed cases cover every tool and both files that hold a key apart', () => {
    assert.deepEqual([...new Set(MALFORMED.map((c) => c.tool))].sort(), [...TOOL_NAMES].sort());
    assert.ok(MALFORMED.some((c) => c.rel.endsWith('.continue/.env')) && MALFORMED.some((c) => c.rel.endsWith('keys.json')));
  });

  // Every file a setup writes, made read-only in turn: the plan says which cannot be written, nothing changes.
  const WRITTEN: ReadonlyArray<[ToolName, string]> = [
    ['claude-code', '.claude/settings.json'],
    ['codex', '.codex/config.toml'],
    ['continue', '.continue/config.yaml'],
    ['continue', '.continue/.env'],
    ['aider', '.aider.conf.yml'],
    ['llm', '.config/io.datasette.llm/extra-openai-models.yaml'],
    ['llm', '.config/io.datasette.llm/keys.json'],
  ];
  for (const [tool, rel] of WRITTEN) {
    it(`${tool}: a read-only ${rel.split('/').pop()}: the plan says it cannot be written, and nothing changes`, async () => {
      home = fullHome();
      const path = home.path(rel);
      const edited = (await plan(tool, home)).edits.map((e) => e.file);
      assert.ok(edited.includes(path), `the setup writes ${rel}`);
      chmodSync(path, 0o444);
      const before = snapshot(home);
      // Root writes a read-only file anyway: then the file system reports it as the OS would for anyone else.
      const fs = process.getuid?.() === 0 ? readOnly(path) : nodeToolFs;
      const outcome = await planToolSetup(tool, { env: home.env, setup: setupFor(tool), fs });
      assert.equal(outcome.ok, false);
      if (!outcome.ok) assert.deepEqual([outcome.problem.reason, outcome.problem.file], ['io', path]);
      assert.deepEqual(snapshot(home), before);
    });
  }

  it('a write that fails half way puts back what was written: all or nothing', async () => {
    home = fullHome();
    const before = snapshot(home);
    const p = await plan('continue', home);
    assert.equal(p.edits.length, 2);
    const outcome = await applyToolPlan(p, { storageDir: home.path('storage'), fs: readOnly(home.path('.continue/.env')) });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.match(outcome.problem.detail, /EACCES/);
    assert.deepEqual(snapshot(home), before);
  });

  it('apply refuses a file changed since the preview; undo leaves a file changed since the setup unless forced', async () => {
    home = fullHome();
    const p = await plan('aider', home);
    home.write('.aider.conf.yml', 'model: changed\n');
    const refused = await applyToolPlan(p, { storageDir: home.path('storage') });
    assert.equal(refused.ok, false);
    assert.equal(home.read('.aider.conf.yml'), 'model: changed\n');
    assert.equal(existsSync(home.path('.aider.conf.yml.rutaapi-backup')), false);

    const fresh = await plan('aider', home);
    assert.equal((await applyToolPlan(fresh, { storageDir: home.path('storage') })).ok, true);
    home.write('.aider.conf.yml', 'model: edited-after\n');
    const kept = await undoToolSetup({ storageDir: home.path('storage') });
    assert.deepEqual(
      kept.skipped.map((s) => s.reason),
      ['changed'],
    );
    assert.equal(home.read('.aider.conf.yml'), 'model: edited-after\n');
    const forced = await undoToolSetup({ storageDir: home.path('storage'), force: true });
    assert.deepEqual(
      forced.restored.map((r) => r.action),
      ['restored'],
    );
    assert.equal(home.read('.aider.conf.yml'), 'model: changed\n');
  });

  it('a second setup keeps the first backup, so undo goes back to before the first change; a BOM and CRLF survive', async () => {
    home = tempHome();
    const original = '\uFEFF# aider\r\nmodel: gpt-4o\r\n';
    home.write('.aider.conf.yml', original);
    const storageDir = home.path('storage');
    assert.equal((await applyToolPlan(await plan('aider', home), { storageDir })).ok, true);
    assert.match(
      home.read('.aider.conf.yml'),
      /^\uFEFF# aider\r\nmodel: openai\/deepseek-chat\r\nopenai-api-base: https:\/\/api\.rutaapi\.com\/v1\r\n$/,
    );
    const second = await plan('aider', home, { ...setupFor('aider'), model: 'gpt-4.1' });
    assert.equal((await applyToolPlan(second, { storageDir })).ok, true);
    assert.deepEqual(
      readdirSync(home.dir).filter((f) => f.includes('backup')),
      ['.aider.conf.yml.rutaapi-backup'],
    );
    await undoToolSetup({ storageDir });
    assert.equal(home.read('.aider.conf.yml'), original);
  });

  it('a key storage the tool does not have is a programming error', async () => {
    home = tempHome();
    await assert.rejects(
      planToolSetup('codex', { env: home.env, setup: { baseUrl: BASE, model: 'm', key: { storage: 'file', key: KEY } } }),
      RangeError,
    );
  });
});
