// Issue 21, item 2 (editor side): RutaAPI: Set Up Other Tools… and Undo Tool Setup over the stand-ins, on a
// temporary home: the tools' states in the quick pick, the preview, the questions, the files written and put back.
// The Check of a configured tool sends a request: test/integration/host/toolCheck.test.ts.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as toolsModule from '../../../src/core/tools/entry';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { PREVIEW_SCHEME } from '../../../src/host/tools/toolPreview';
import { isPresent } from '../../../src/host/tools/toolPresence';
import { toolRows } from '../../../src/host/tools/toolStates';
import { BASE, CLAUDE_SETTINGS, KEY, choose, setup, write, type Setup } from './toolSetupHarness';

describe('Set Up Other Tools… and Undo Tool Setup (host)', () => {
  let s: Setup | undefined;
  afterEach(() => s?.cleanup());

  it('lists the five tools with their state: found first, others with how to get them, config text inert', async () => {
    s = await setup({});
    write(s.home, '.claude/settings.json', CLAUDE_SETTINGS);
    write(s.home, '.codex/config.toml', 'model = "gpt-4.1"\n[model_providers.rutaapi\nname = "x"\n');
    await s.run(COMMANDS.setUpOtherTools);
    const list = s.picks.find((p) => p.title === 'Set Up Other Tools');
    assert.ok(list, 'no tools list');
    assert.deepEqual(
      list.items.map((i) => i.tool),
      ['claude-code', 'codex', 'continue', 'aider', 'llm'],
    );
    const [claude, codex, cont, aider, llm] = list.items;
    assert.match(claude.detail, /^Set up for another gateway: https:\/\/other\.example\//);
    assert.ok(!/(?<!\\)\$\(/.test(claude.detail), `an icon from the config would be rendered: ${claude.detail}`);
    assert.match(codex.detail, /^Config unreadable: .*config\.toml, line 2: /);
    assert.equal(aider.detail, 'Not set up');
    assert.match(aider.description, /^Not found: install with python -m pip install aider-install/);
    assert.match(cont.description, /^Not found: install the extension Continue\.continue/);
    assert.match(llm.label, /circle-slash/);
    assert.equal(claude.description, join(s.home, '.claude/settings.json'));
    s.assertKeyNowhere();
  });

  it('a tool found on PATH comes before the tools that are not, even without a config', async () => {
    s = await setup({});
    const bin = join(s.home, 'bin');
    write(s.home, 'bin/llm', '#!/bin/sh\n');
    const reads = await toolsModule.readTools({ env: { home: s.home, platform: 'linux', env: {} }, target: { baseUrl: BASE } });
    const rows = toolRows(reads, (r) => isPresent(r, { home: s!.home, platform: 'linux', env: { PATH: bin } }, () => false));
    assert.deepEqual(
      rows.map((r) => r.tool),
      ['llm', 'claude-code', 'codex', 'continue', 'aider'],
    );
    assert.equal(rows[0].description, join(s.home, '.config/io.datasette.llm/extra-openai-models.yaml'));
  });

  it('without a saved, verified key: says so and offers Configure RutaAPI; no list, nothing read', async () => {
    s = await setup({}, { saved: false });
    await s.run(COMMANDS.setUpOtherTools);
    assert.equal(s.picks.length, 0);
    const warn = s.notes.find((n) => n.level === 'warn');
    assert.ok(warn && /pass verification/.test(warn.message), JSON.stringify(s.notes));
    assert.deepEqual(warn.items, ['Configure RutaAPI']);
  });

  it('aider with the key in the file: preview without the key, Apply, then the plain-text question; declining writes nothing', async () => {
    s = await setup({
      pick: choose('aider', 'deepseek-chat', 'file'),
      modal: (m) => (m.items.includes('Apply') ? 'Apply' : "Don't Write"),
    });
    await s.run(COMMANDS.setUpOtherTools);
    const conf = join(s.home, '.aider.conf.yml');
    // The model list offers the models that serve chat completions, only those.
    const models = s.picks.find((p) => p.title === 'Set Up aider: Model')!.items.map((i) => i.model);
    assert.deepEqual(models.sort(), ['claude-sonnet-4', 'deepseek-chat', 'gpt-4.1']);
    assert.equal(s.diffs().length, 1, 'one diff editor for one file');
    const [, left, right] = s.diffs()[0] as any[];
    assert.equal(left.scheme, PREVIEW_SCHEME);
    assert.equal(s.previewText(left), '');
    const after = s.previewText(right);
    assert.match(after, /openai-api-base: https:\/\/api\.rutaapi\.com\/v1/);
    assert.match(after, /openai-api-key: sk-ru…cdef/);
    assert.equal(s.modals.length, 2, JSON.stringify(s.modals));
    assert.match(s.modals[1].message, /\.aider\.conf\.yml will hold your RutaAPI API key in plain text/);
    assert.deepEqual(s.modals[1].items, ["Don't Write", 'Write Key in Plain Text']);
    assert.ok(!existsSync(conf), 'a declined setup wrote the file');
    assert.ok(s.notes.some((n) => n.message === 'Nothing was written.'));
    s.assertKeyNowhere();
  });

  it('aider with the key in the file, accepted: written with the key, reported without it; Undo removes the file it created', async () => {
    s = await setup({
      pick: (title, items) => (title === 'Undo Tool Setup' ? items : choose('aider', 'gpt-4.1', 'file')(title, items)),
      modal: (m) => (m.items.includes('Write Key in Plain Text') ? 'Write Key in Plain Text' : m.items[0]),
      info: (_m, items) => (items.includes('Check') ? 'Check' : undefined),
    });
    await s.run(COMMANDS.setUpOtherTools);
    const conf = join(s.home, '.aider.conf.yml');
    // Check: the findings with their severity icon; no error, so the pass row first.
    const check = s.picks.find((p) => p.title === 'Check aider');
    assert.ok(check, 'Check showed nothing');
    assert.match(check.items[0].label, /^\$\(pass\) No problems found\.$/);
    const inFile = check.items.find((i) => /tool_key_in_file/.test(i.label));
    assert.ok(inFile, JSON.stringify(check.items));
    assert.match(inFile.label, /^\$\(info\) /);
    assert.match(inFile.detail, /plain text/);
    const text = readFileSync(conf, 'utf8');
    assert.match(text, new RegExp(`openai-api-key: ${KEY}`));
    assert.match(text, /model: openai\/gpt-4\.1/);
    const done = s.notes.find((n) => /is set up for RutaAPI/.test(n.message));
    assert.ok(done, JSON.stringify(s.notes));
    assert.deepEqual(done.items, ['Check']);
    await s.run(COMMANDS.undoToolSetup);
    assert.ok(!existsSync(conf), 'Undo left the file it created');
    assert.ok(s.modals.some((m) => m.message === 'Undo the setup of aider?'));
    s.assertKeyNowhere();
  });

  it('Codex keeps the key in the environment: no plain-text question; asks before turning on the terminals, then turns it on', async () => {
    s = await setup({ pick: choose('codex', 'gpt-4.1'), modal: (m) => (m.items.includes('Turn On') ? 'Turn On' : m.items[0]) });
    await s.run(COMMANDS.setUpOtherTools);
    // Only gpt-4.1 serves the Responses API.
    assert.deepEqual(
      s.picks.find((p) => p.title === 'Set Up Codex CLI: Model')!.items.map((i) => i.model),
      ['gpt-4.1'],
    );
    assert.ok(!s.picks.some((p) => p.title?.endsWith(': API Key')), 'Codex has one place for the key: no question');
    assert.match(s.modals[0].message, /Codex CLI will read your key from RUTAAPI_API_KEY/);
    assert.ok(!s.modals.some((m) => /plain text/.test(m.message)));
    const toml = readFileSync(join(s.home, '.codex/config.toml'), 'utf8');
    assert.match(toml, /env_key = "RUTAAPI_API_KEY"/);
    assert.match(toml, /wire_api = "responses"/);
    assert.ok(!toml.includes(KEY));
    assert.equal(s.config.user.get('rutaapi.terminalEnvironment'), true);
    assert.ok(s.notes.some((n) => /reads the key from RUTAAPI_API_KEY/.test(n.message)));
    s.assertKeyNowhere();
  });

  it('dismissing the Apply modal writes nothing and does not turn on the terminals', async () => {
    s = await setup({ pick: choose('codex', 'gpt-4.1'), modal: (m) => (m.items.includes('Turn On') ? 'Turn On' : undefined) });
    await s.run(COMMANDS.setUpOtherTools);
    assert.equal(s.diffs().length, 1);
    assert.ok(!existsSync(join(s.home, '.codex/config.toml')));
    assert.equal(s.config.user.get('rutaapi.terminalEnvironment'), undefined);
  });

  it('Claude Code over a config with comments and another key: only Anthropic models; Undo puts the file back byte for byte', async () => {
    s = await setup({
      pick: (title, items) => (title === 'Undo Tool Setup' ? items : choose('claude-code', 'claude-sonnet-4', 'file')(title, items)),
      modal: (m) => (m.items.includes('Write Key in Plain Text') ? 'Write Key in Plain Text' : m.items[0]),
    });
    write(s.home, '.claude/settings.json', CLAUDE_SETTINGS);
    const file = join(s.home, '.claude/settings.json');
    const original = readFileSync(file);
    await s.run(COMMANDS.setUpOtherTools);
    assert.deepEqual(
      s.picks.find((p) => p.title === 'Set Up Claude Code: Model')!.items.map((i) => i.model),
      ['claude-sonnet-4'],
    );
    const before = s.previewText(s.diffs()[0][1]);
    assert.match(before, /sk-ot…dcba/, 'the old key by its prefix in the preview');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /\/\/ mine: keep this comment/);
    assert.match(text, /"ANTHROPIC_BASE_URL": "https:\/\/api\.rutaapi\.com"/);
    await s.run(COMMANDS.undoToolSetup);
    assert.deepEqual(readFileSync(file), original);
    s.assertKeyNowhere();
  });

  it('Undo asks before restoring a file edited since the setup; keeping it leaves the edit, Restore Anyway puts it back', async () => {
    let force = false;
    s = await setup({
      pick: (title, items) => (title === 'Undo Tool Setup' ? items : choose('codex', 'gpt-4.1')(title, items)),
      modal: (m) => (m.items.includes('Restore Anyway') ? (force ? 'Restore Anyway' : undefined) : m.items[0]),
    });
    const file = join(s.home, '.codex/config.toml');
    write(s.home, '.codex/config.toml', '# mine\nmodel = "o3"\n');
    const original = readFileSync(file);
    await s.run(COMMANDS.setUpOtherTools);
    writeFileSync(file, readFileSync(file, 'utf8') + '# edited later\n');
    await s.run(COMMANDS.undoToolSetup);
    assert.match(readFileSync(file, 'utf8'), /# edited later/);
    assert.ok(s.modals.some((m) => /^Edited since the setup: .*config\.toml\.$/.test(m.message)));
    assert.ok(s.notes.some((n) => n.level === 'warn' && /Left as they are/.test(n.message)));
    force = true;
    await s.run(COMMANDS.undoToolSetup);
    assert.deepEqual(readFileSync(file), original);
  });

  it('a gateway that names no protocols: every model, under a warning that some may not work', async () => {
    s = await setup({ pick: choose('codex', 'deepseek-chat') }, { untyped: true });
    await s.run(COMMANDS.setUpOtherTools);
    const items = s.picks.find((p) => p.title === 'Set Up Codex CLI: Model')!.items;
    assert.equal(items[0].kind, -1);
    assert.match(items[0].label, /does not say which models serve the Responses API/);
    assert.deepEqual(
      items
        .slice(1)
        .map((i: any) => i.model)
        .sort(),
      ['claude-sonnet-4', 'deepseek-chat', 'gpt-4.1'],
    );
  });

  it('Undo with nothing set up says so', async () => {
    s = await setup({});
    await s.run(COMMANDS.undoToolSetup);
    assert.deepEqual(
      s.notes.map((n) => n.message),
      ['There is no tool setup to undo.'],
    );
  });

  it('a tool that is not set up goes straight to its setup: no second step', async () => {
    s = await setup({ pick: choose('aider', 'deepseek-chat', 'file') });
    await s.run(COMMANDS.setUpOtherTools);
    assert.ok(!s.picks.some((p) => p.title.startsWith('Set Up Other Tools: ')), JSON.stringify(s.picks.map((p) => p.title)));
    assert.ok(s.picks.some((p) => p.title === 'Set Up aider: Model'));
  });
});
