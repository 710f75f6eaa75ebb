// Issue 21: Set Up Other Tools… on a tool already configured: Check sends one request in the tool's own
// protocol to a stand-in gateway on 127.0.0.1 (the host over the stand-ins of test/unit/host/toolSetupHarness.ts).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { strict as assert } from 'node:assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { CLAUDE_SETTINGS, KEY, choose, setup, write, type Answers, type Modal, type Setup } from '../../unit/host/toolSetupHarness';

/** A stand-in gateway on 127.0.0.1: records every request (path, Authorization, body) and answers per path. */
async function standInGateway(answer: (path: string) => { status: number; body: unknown }) {
  const seen: Array<{ method: string; path: string; authorization: string; apiKeyHeader: string; body: any }> = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const path = req.url ?? '';
      seen.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization ?? '',
        apiKeyHeader: String(req.headers['x-api-key'] ?? ''),
        body: text ? JSON.parse(text) : undefined,
      });
      const a = answer(path);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, seen, close: () => new Promise((r) => server.close(r)) };
}

const ANSWERS = (path: string) =>
  path === '/v1/responses'
    ? { status: 200, body: { id: 'resp_1', object: 'response', status: 'completed', output: [] } }
    : path === '/v1/messages'
      ? { status: 200, body: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } }
      : { status: 404, body: { error: { message: 'not here' } } };

/** Answers every question of a setup: the tool, the model, the key's place; Apply, Turn On, Write Key in Plain Text. */
const ACCEPT = (m: Modal) => (m.items.includes('Write Key in Plain Text') ? 'Write Key in Plain Text' : m.items[0]);

/** The tool's row, then the Check of the second step (whose items are kept). */
function checkOf(tool: string, steps: any[][]) {
  return (title: string, items: any[]) => {
    if (title === 'Set Up Other Tools') return items.find((i) => i.tool === tool);
    if (title.startsWith('Set Up Other Tools: ')) return (steps.push(items), items.find((i) => i.action === 'check'));
    return undefined;
  };
}

describe('Set Up Other Tools…: Check for a tool already configured (host)', () => {
  let s: Setup | undefined;
  let gw: Awaited<ReturnType<typeof standInGateway>> | undefined;
  afterEach(async () => {
    s?.cleanup();
    await gw?.close();
  });

  it("set up for this key: Check comes first and sends one request in the tool's own protocol, only for that tool", async () => {
    gw = await standInGateway(ANSWERS);
    const answers: Answers = { pick: choose('codex', 'gpt-4.1'), modal: ACCEPT };
    s = await setup(answers, { baseUrl: gw.baseUrl });
    await s.run(COMMANDS.setUpOtherTools);
    answers.pick = choose('claude-code', 'claude-sonnet-4', 'file');
    await s.run(COMMANDS.setUpOtherTools);
    assert.equal(gw.seen.length, 0, 'a setup sends no request');

    const steps: any[][] = [];
    answers.pick = checkOf('codex', steps);
    await s.run(COMMANDS.setUpOtherTools);
    const step = s.picks.find((p) => p.title === 'Set Up Other Tools: Codex CLI')!;
    assert.deepEqual(
      step.items.map((i) => i.action),
      ['check', 'setup'],
    );
    assert.equal(step.items[0].label, '$(checklist) Check Codex CLI');
    assert.match(step.options.placeHolder, /^Set up for this RutaAPI key and URL, model gpt-4\.1$/);
    // The stand-in gateway saw Codex's request and nothing for Claude Code (also set up for this key).
    assert.deepEqual(
      gw.seen.map((r) => [r.method, r.path, r.authorization === `Bearer ${KEY}`, r.body?.model]),
      [['POST', '/v1/responses', true, 'gpt-4.1']],
    );
    const codex = s.picks.find((p) => p.title === 'Check Codex CLI')!;
    assert.equal(codex.items[0].label, '$(pass) No problems found; a test request in its own protocol was answered.');
    assert.match(codex.options.placeHolder, /\.codex\/config\.toml$/);

    answers.pick = checkOf('claude-code', steps);
    await s.run(COMMANDS.setUpOtherTools);
    const messages = gw.seen.slice(1);
    assert.deepEqual(
      messages.map((r) => [r.method, r.path, r.authorization === `Bearer ${KEY}`, r.body?.model]),
      [['POST', '/v1/messages', true, 'claude-sonnet-4']],
    );
    const claude = s.picks.find((p) => p.title === 'Check Claude Code')!;
    assert.equal(claude.items[0].label, '$(pass) No problems found; a test request in its own protocol was answered.');
    // The key is in Claude Code's file: said as information, not as a problem.
    assert.ok(
      claude.items.some((i) => /^\$\(info\) tool_key_in_file$/.test(i.label)),
      JSON.stringify(claude.items),
    );
    s.assertKeyNowhere();
  });

  it("a spent key: the check shows the engine's diagnosis with the error icon, and the gateway's text stays inert", async () => {
    gw = await standInGateway((path) =>
      path === '/v1/responses'
        ? {
            status: 403,
            body: {
              error: {
                message: '用户额度不足 $(zap) [Top up](command:workbench.action.terminal.new)',
                type: 'new_api_error',
                code: 'insufficient_user_quota',
              },
            },
          }
        : ANSWERS(path),
    );
    const answers: Answers = { pick: choose('codex', 'gpt-4.1'), modal: ACCEPT };
    s = await setup(answers, { baseUrl: gw.baseUrl });
    await s.run(COMMANDS.setUpOtherTools);
    answers.pick = checkOf('codex', []);
    await s.run(COMMANDS.setUpOtherTools);
    assert.deepEqual(
      gw.seen.map((r) => r.path),
      ['/v1/responses'],
    );
    const items = s.picks.find((p) => p.title === 'Check Codex CLI')!.items;
    assert.ok(!items.some((i) => /^\$\(pass\)/.test(i.label)), `no pass row with an error: ${JSON.stringify(items)}`);
    const error = items.find((i) => /^\$\(error\) /.test(i.label));
    assert.ok(error, JSON.stringify(items));
    assert.match(error.label, /credit|quota/i);
    for (const i of items)
      assert.ok(!/(?<!\\)\$\((?!error|info|warning|pass)/.test(`${i.label} ${i.detail ?? ''}`), `an icon from the gateway: ${i.detail}`);
    s.assertKeyNowhere();
  });

  it('set up for another gateway: Set Up comes first; Check says so instead of "no problems" and sends nothing', async () => {
    gw = await standInGateway(ANSWERS);
    const steps: any[][] = [];
    s = await setup({ pick: checkOf('claude-code', steps) }, { baseUrl: gw.baseUrl });
    write(s.home, '.claude/settings.json', CLAUDE_SETTINGS);
    await s.run(COMMANDS.setUpOtherTools);
    assert.deepEqual(
      steps[0].map((i) => i.action),
      ['setup', 'check'],
    );
    const items = s.picks.find((p) => p.title === 'Check Claude Code')!.items;
    // Not "No problems found": its key and model are the other gateway's, which is said instead.
    assert.ok(!items.some((i) => /^\$\(pass\)/.test(i.label)), JSON.stringify(items));
    assert.equal(items[0].label, '$(arrow-swap) Set up for another gateway: https://other.example/\\$(zap)');
    assert.match(items[0].detail, /not checked here/);
    assert.equal(gw.seen.length, 0, 'no request for a tool set up for another gateway');
    s.assertKeyNowhere();
  });

  it('a config that does not parse: Check names its line; nothing is written', async () => {
    gw = await standInGateway(ANSWERS);
    s = await setup({ pick: checkOf('codex', []) }, { baseUrl: gw.baseUrl });
    const broken = 'model = "gpt-4.1"\n[model_providers.rutaapi\nname = "x"\n';
    write(s.home, '.codex/config.toml', broken);
    await s.run(COMMANDS.setUpOtherTools);
    const items = s.picks.find((p) => p.title === 'Check Codex CLI')!.items;
    const unreadable = items.find((i) => /^\$\(error\) tool_config_unreadable$/.test(i.label));
    assert.ok(unreadable, JSON.stringify(items));
    assert.match(unreadable.detail, /line 2/);
    assert.equal(readFileSync(join(s.home, '.codex/config.toml'), 'utf8'), broken);
    assert.equal(gw.seen.length, 0, 'no request');
  });
});
