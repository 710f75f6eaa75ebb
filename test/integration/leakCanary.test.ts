// Leak canary: a unique key goes through every path the product has — verification success and
// each failure, exceptions thrown from inside the network layer, the support report, the host's
// trace-level log, console output and the terminal doctor (human and --json, key from the
// environment and from stdin). It must appear nowhere except the Authorization header, which is
// confirmed by capturing the bytes that actually went to the sandbox.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { verify } from '../../src/core/verify';
import { buildSupportReport } from '../../src/core/supportReport';
import { Logger } from '../../src/host/shared/logger';
import type { LogChannelPort } from '../../src/host/shared/ports';
import * as gatewayModule from '../../src/core/gateway';
import { Connection } from '../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../src/host/connection/keychain';
import { SetupController } from '../../src/host/panel/setupController';
import { makeReportBuilder } from '../../src/host/commands/supportReport';
import { FakeClipboard, FakeNotify, hostParts, tick, LoadedModule, dontSend } from '../unit/host/fakes';
import type { VerificationResult, VerifyOptions } from '../../src/core/types';
import { startLatencyProxy, type LatencyProxy } from '../../bench/latencyProxy';
import { runNode } from '../support/runNode';
import { SANDBOX_SCENARIOS } from '../../src/sandbox/models';
import { describeStatus } from '../../src/host/commands/statusBar';

const ROOT = join(__dirname, '../..');
/** 32 random hex characters: the part of every key that must never leak. */
const CANARY = randomBytes(16).toString('hex');

function keyFor(scenario: string): string {
  return `sk-ruta-sandbox-${scenario}-${CANARY}`;
}

/**
 * Any of these in an output is a leak. Redaction may show a short prefix and the last 4
 * characters, so the canary is checked in 8-character windows that exclude its last 4.
 */
const FRAGMENTS = [CANARY.slice(0, 8), CANARY.slice(8, 16), CANARY.slice(16, 24), CANARY.slice(20, 28)];

/**
 * Base64 / base64url runs decoded at each of their 4 alignments: a key echoed in base64 (alone,
 * or inside `Bearer …` or `user:key`) is a leak too.
 */
function base64Decodings(text: string): string {
  const out: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
    for (let skip = 0; skip < 4; skip++) {
      const part = run.slice(skip).replace(/-/g, '+').replace(/_/g, '/');
      out.push(Buffer.from(part.slice(0, part.length - (part.length % 4)), 'base64').toString('latin1'));
    }
  }
  return out.join('\n');
}

/**
 * What renders as nothing: Default_Ignorable_Code_Point (zero-width, U+034F, variation selectors,
 * tags, Hangul fillers…), white space, controls, format characters and the braille blank U+2800.
 * The canary's own reading, independent of the scrubber's code.
 */
const RENDERS_BLANK = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Cc}\p{Cf}\u2800]/gu;
const ONE_BLANK = new RegExp(`^${RENDERS_BLANK.source}$`, 'u');

/**
 * The text as a person reads it: the visible escapes inertText and JSON write for such characters
 * (`\u200b`, `\x1b`) taken back, NFKC (fullwidth letters read as letters), and whatever renders as
 * nothing left out.
 */
function asRead(text: string): string {
  // A surrogate pair escaped as two `\\u` escapes (U+E0020 is `\\udb40\\udc20`) is one character.
  const unescaped = text.replace(/(?:\\+(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}))+/g, (run) => {
    const escapes = run.match(/\\+[ux][0-9a-fA-F]+/g) ?? [];
    let out = '';
    for (let i = 0; i < escapes.length; i++) {
      const unit = (e: string | undefined) => (e ? String.fromCharCode(parseInt(e.replace(/^\\+[ux]/, ''), 16)) : '');
      const pair = `${unit(escapes[i])}${unit(escapes[i + 1])}`;
      const isPair = pair.length === 2 && [...pair].length === 1;
      const c = isPair ? pair : unit(escapes[i]);
      if (!ONE_BLANK.test(c)) out += isPair ? escapes[i] + escapes[i + 1] : escapes[i];
      if (isPair) i++;
    }
    return out;
  });
  return unescaped.normalize('NFKC').replace(RENDERS_BLANK, '');
}

function assertNoCanary(where: string, text: string): void {
  for (const fragment of FRAGMENTS) {
    const at = text.indexOf(fragment);
    assert.equal(at, -1, `key leaked in ${where}: "…${text.slice(Math.max(0, at - 60), at + 40)}…"`);
  }
  const read = asRead(text);
  for (const fragment of FRAGMENTS) {
    const at = read.indexOf(fragment);
    assert.equal(at, -1, `key leaked with invisible characters inside it in ${where}: "…${read.slice(Math.max(0, at - 60), at + 40)}…"`);
  }
  const decoded = base64Decodings(text);
  for (const fragment of FRAGMENTS) assert.ok(!decoded.includes(fragment), `key leaked base64-encoded in ${where}`);
}

/**
 * Everything a result carries, except `key.cleaned`: types.ts documents it as the cleaned key the
 * caller hands to SecretStorage ("never log or display this"), so it is the one allowed place.
 * JSON and util.inspect both: inspect shows non-enumerable fields and nested errors.
 */
interface Kept {
  label: string;
  result: VerificationResult;
  key: string;
}

function everything(result: VerificationResult): string {
  const copy = { ...result, key: { ...result.key, cleaned: result.key.cleaned === null ? null : '[allowed: key.cleaned]' } };
  return `${JSON.stringify(copy)}\n${inspect(copy, { depth: 20, showHidden: true })}`;
}

/** Records everything written to the console and the process streams while `fn` runs. */
async function captureConsole<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  const chunks: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((m) => console[m]);
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  methods.forEach((m) => {
    console[m] = (...args: unknown[]) => {
      chunks.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
    };
  });
  const tap = (original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      chunks.push(String(chunk));
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    };
  process.stdout.write = tap(stdoutWrite) as typeof process.stdout.write;
  process.stderr.write = tap(stderrWrite) as typeof process.stderr.write;
  try {
    const value = await fn();
    return { value, output: chunks.join('\n') };
  } finally {
    methods.forEach((m, i) => (console[m] = originals[i]));
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}

function runDoctor(
  argv: string[],
  env: NodeJS.ProcessEnv,
  input: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runNode(argv, { env, stdin: input });
}

/** A log channel that keeps every line, at every level including trace. */
class RecordingChannel implements LogChannelPort {
  readonly lines: string[] = [];
  trace(m: string): void {
    this.lines.push(`trace ${m}`);
  }
  debug(m: string): void {
    this.lines.push(`debug ${m}`);
  }
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
  show(): void {}
}

describe('leak canary: the key appears only in the Authorization header', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let proxy: LatencyProxy;
  let closedPort: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    // A zero-delay pass-through that records every byte the client sent, to see where the key went.
    proxy = await startLatencyProxy({ targetPort: sandbox.port, delayMs: 0, capture: true });
    const net = await import('node:net');
    closedPort = await new Promise<number>((done) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => done(port));
      });
    });
  });

  after(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  /** Verifies with `key`, checks the console and the result for the canary, and hands the result to `keep`. */
  type Run = (label: string, key: string, extra?: Partial<VerifyOptions>) => Promise<VerificationResult>;
  function runner(keep: Kept[]): Run {
    return async (label, key, extra = {}) => {
      const { value, output } = await captureConsole(() =>
        verify({ apiKey: key, baseUrl: `${proxy.origin}/v1`, model: 'gpt-4o-mini', timeoutMs: 5_000, ...extra }),
      );
      assertNoCanary(`console output during verify (${label})`, output);
      assertNoCanary(`verify result (${label})`, everything(value));
      keep.push({ label, result: value, key });
      return value;
    };
  }

  // Every way through verify(): each is a test of its own below, and all of them run again before the
  // tests of what is made from their results (reports, status bar, log, the wire), so each test makes
  // what it checks and any one of them passes alone.
  // Every sandbox scenario that answers quickly (the slow ones are covered by the timing tests).
  const SLOW = new Set(['blackhole', 'slowbody', 'many', 'models100k']);
  const VERIFY_CASES: [title: string, body: (run: Run) => Promise<void>][] = [
    ...SANDBOX_SCENARIOS.filter((s) => !SLOW.has(s)).map((scenario): [string, (run: Run) => Promise<void>] => [
      `verify: ${scenario}`,
      async (run) => {
        await run(scenario, keyFor(scenario));
      },
    ]),
    [
      'verify: unknown model (model_not_found) and models step only',
      async (run) => {
        await run('unknown model', keyFor('ok'), { model: 'gpt-does-not-exist' });
        await run('models only', keyFor('ok'), { model: undefined });
      },
    ],
    [
      'verify: a key the gateway rejects (401), pasted with Bearer and quotes',
      async (run) => {
        await run('401', `sk-ruta-${CANARY}`);
        await run('bearer + quotes', `  "Bearer ${keyFor('ok')}"\n`);
      },
    ],
    [
      'verify: keys rejected before any request (inner whitespace, non-ASCII, foreign format)',
      async (run) => {
        await run('inner whitespace', `${keyFor('ok').slice(0, 30)} ${keyFor('ok').slice(30)}`);
        await run('non-ascii', `${keyFor('ok')}\u00e9`);
        await run('foreign format', `sk-proj-${CANARY}`);
        await run('key as url', `https://api.rutaapi.com/${CANARY}`);
      },
    ],
    [
      'verify: black hole (timeout), slow body and cancel',
      async (run) => {
        await run('blackhole', keyFor('blackhole'), { timeoutMs: 600 });
        await run('slowbody', keyFor('slowbody'), { timeoutMs: 600 });
        const controller = new AbortController();
        const pending = run('cancel', keyFor('blackhole'), { signal: controller.signal, timeoutMs: 10_000 });
        setTimeout(() => controller.abort(), 100);
        await pending;
      },
    ],
    [
      'verify: network failures (connection refused, DNS failure)',
      async (run) => {
        await run('refused', keyFor('ok'), { baseUrl: `http://127.0.0.1:${closedPort}/v1` });
        await run('dns', keyFor('ok'), { baseUrl: 'https://rutaapi-canary.invalid/v1' });
      },
    ],
    [
      'verify: exceptions thrown inside fetch carry the key but never come out',
      async (run) => {
        const key = keyFor('ok');
        const throwing = (async (input: RequestInfo | URL, init?: RequestInit) => {
          const headers = new Headers(init?.headers);
          const err = new TypeError(`fetch failed for ${String(input)} with ${headers.get('authorization') ?? key}`);
          (err as Error & { cause?: unknown }).cause = Object.assign(new Error(`socket hang up, key=${key}`), { code: 'ECONNRESET', key });
          throw err;
        }) as typeof fetch;
        await run('fetch throws', key, { fetch: throwing });
        const weird = (async () => {
          throw { message: `not an Error ${key}`, key };
        }) as unknown as typeof fetch;
        await run('fetch throws a non-Error', key, { fetch: weird });
        const badBody = (async () =>
          new Response(
            JSON.stringify({
              error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' },
            }),
            {
              status: 401,
              headers: { 'content-type': 'application/json', 'x-request-id': 'req_canary' },
            },
          )) as typeof fetch;
        // OpenAI's real 401 echoes a redacted key; a gateway that echoes the whole key must be scrubbed.
        await run('server echoes the key', key, { fetch: badBody });
      },
    ],
    [
      'verify: a gateway echoes the key where a cut, base64 or a reply excerpt would expose it',
      async (run) => {
        // No known prefix: only the Scrubber's knowledge of the key can hide it, not a generic pattern.
        const key = `${CANARY}0a1b2c3d`; // 40 characters
        const b64 = (text: string) => Buffer.from(text).toString('base64');
        const b64url = (text: string) => Buffer.from(text).toString('base64url');
        const answering = (message: string, status = 401) =>
          (async () =>
            new Response(JSON.stringify({ error: { message, type: 'invalid_request_error', code: 'invalid_api_key' } }), {
              status,
              headers: { 'content-type': 'application/json', 'x-request-id': 'req_canary' },
            })) as typeof fetch;
        // The key at offset 261 of a long message: a cut at 300 characters before scrubbing printed 39 of its 40 characters.
        await run('key at offset 261', key, { fetch: answering(`${'x'.repeat(261)}${key} was rejected`) });
        await run('key at offset 261 (500, plain text)', key, {
          fetch: (async () =>
            new Response(`${'x'.repeat(261)}${key}`, { status: 500, headers: { 'content-type': 'text/plain' } })) as typeof fetch,
        });
        // Base64 and base64url forms, padded or not, and the key inside a longer encoded string at each alignment.
        for (const encoded of [
          b64(key),
          b64url(key),
          b64(key).replace(/=+$/, ''),
          b64(`Bearer ${key}`),
          b64(`x${key}`),
          b64url(`xy${key}`),
          b64(`user:${key}`),
        ]) {
          await run('key echoed in base64', key, { fetch: answering(`Invalid token ${encoded} for this route`) });
        }
        // A chat reply that echoes the key across the 80-character excerpt cut.
        const replying = (async (input: RequestInfo | URL) => {
          const url = String(input instanceof Request ? input.url : input);
          const json = url.endsWith('/models')
            ? { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }
            : { choices: [{ index: 0, message: { role: 'assistant', content: `${'y'.repeat(70)}${key}` } }] };
          return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
        }) as typeof fetch;
        const ok = await run('reply echoes the key at the cut', key, { fetch: replying });
        assert.equal(ok.ok, true, ok.diagnosis.detail);
      },
    ],
    [
      'verify: a Base URL whose user info looks like a host sends nothing to the host it really names',
      async (run) => {
        const before = proxy.captured().length;
        const target = proxy.origin.replace(/^https?:\/\//, '');
        for (const baseUrl of [`http://api.rutaapi.com@${target}/v1`, `http://api.rutaapi.com%2F@${target}/v1`]) {
          const result = await run('userinfo host', keyFor('ok'), { baseUrl });
          assert.equal(result.diagnosis.code, 'unsafe_base_url', result.diagnosis.detail);
        }
        assert.equal(proxy.captured().length, before, 'bytes were sent to the host behind the user info');
      },
    ],
  ];
  for (const [title, body] of VERIFY_CASES) it(title, () => body(runner([])));

  describe('what is made from every result', () => {
    const results: Kept[] = [];
    before(async function () {
      this.timeout(120_000);
      const run = runner(results);
      for (const [, body] of VERIFY_CASES) await body(run);
      assert.ok(results.length > 20, `expected results from the verify cases, got ${results.length}`);
    });

    it('support report for every result contains no key', () => {
      for (const { label, result, key } of results) {
        const report = buildSupportReport(result, {
          appName: 'Visual Studio Code',
          appVersion: '1.96.0',
          extensionVersion: '0.1.0',
          secrets: [key],
        });
        assertNoCanary(`support report (${label})`, report);
        // Without being told the raw key, the report must still not contain it.
        assertNoCanary(`support report without secrets context (${label})`, buildSupportReport(result));
      }
    });

    it('status bar text and tooltip for every result contain no key', () => {
      for (const { label, result } of results) {
        const state = {
          kind: 'checked',
          result,
          checkedAt: 0,
          model: 'gpt-4o-mini',
          baseUrl: `${proxy.origin}/v1`,
          keyRedacted: 'sk-ru…0000',
        } as const;
        assertNoCanary(`status bar (${label})`, JSON.stringify(describeStatus(state, () => 'now')));
      }
    });

    it('host log at trace level: results, errors and key-bearing messages are scrubbed', () => {
      const channel = new RecordingChannel();
      const logger = new Logger(channel);
      for (const { label, result, key } of results) {
        logger.addSecret(key);
        logger.trace(`verify ${label}`, result);
        logger.debug(`request Authorization: Bearer ${key}`);
        logger.error(`failed`, new Error(`boom ${key}`));
      }
      assert.ok(channel.lines.length >= results.length * 3);
      assertNoCanary('host log channel', channel.lines.join('\n'));
    });

    it('the key went over the wire only in the Authorization header', () => {
      const wire = proxy.captured().toString('latin1');
      const sent = keyFor('ok');
      assert.ok(
        wire.toLowerCase().includes(`authorization: bearer ${sent}`.toLowerCase()),
        'the ok key was not sent as Authorization: Bearer',
      );
      // Remove the Authorization header lines: the canary must be gone from URLs, other headers and bodies.
      const withoutAuth = wire.replace(/^authorization:[^\r\n]*\r?\n/gim, '');
      assertNoCanary('HTTP requests outside the Authorization header', withoutAuth);
    });
  });

  it('editor host: setup panel verify/save/report — webview messages, log, notifications, settings, clipboard', async () => {
    const parts = hostParts();
    const posted: unknown[] = [];
    const clipboard = new FakeClipboard();
    const notify = new FakeNotify();
    const connection = new Connection(parts.settings, parts.keychain, new LoadedModule(gatewayModule), parts.logger, dontSend);
    const controller = new SetupController({
      post: (m) => void posted.push(m),
      ...parts,
      connection,
      clipboard,
      notify,
      open: () => undefined,
      supportReport: makeReportBuilder(
        { appName: 'Visual Studio Code', appVersion: '1.96.0', extensionVersion: '0.1.0' },
        new LoadedModule({ buildSupportReport }),
      ),
      isCursor: false,
      hasWorkspace: true,
    });
    const baseUrl = `${proxy.origin}/v1`;
    const clipboards: string[] = [];
    const report = async () => {
      await controller.handle({ type: 'copy', what: 'report' });
      clipboards.push(clipboard.text);
    };
    await controller.handle({ type: 'ready' });
    for (const scenario of ['nocredits', 'html', 'ratelimited60', 'redirect', 'badjson', 'hostile']) {
      await controller.handle({ type: 'verify', baseUrl, apiKey: keyFor(scenario), model: 'gpt-4o-mini' });
      await report();
    }
    await controller.handle({ type: 'verify', baseUrl, apiKey: `sk-ruta-${CANARY}`, model: 'gpt-4o-mini' });
    await report();
    await controller.handle({ type: 'verify', baseUrl, apiKey: `Bearer ${keyFor('ok')}`, model: 'gpt-nope' });
    await report();
    // Cancel mid-request.
    const pending = controller.handle({ type: 'verify', baseUrl, apiKey: keyFor('blackhole'), model: 'gpt-4o-mini' });
    await tick(100);
    await controller.handle({ type: 'cancel' });
    await pending;
    // Success, then save, then a re-verify of the saved configuration and a report.
    await controller.handle({ type: 'verify', baseUrl, apiKey: keyFor('ok'), model: 'gpt-4o-mini' });
    await controller.handle({ type: 'verifyModel', baseUrl, apiKey: keyFor('ok'), model: 'gpt-4.1' });
    await controller.handle({ type: 'verify', baseUrl, apiKey: keyFor('ok'), model: 'gpt-4o-mini' });
    await controller.handle({ type: 'save', baseUrl, apiKey: keyFor('ok'), model: 'gpt-4o-mini', scope: 'user' });
    await connection.verifySaved({ force: true, reason: 'canary' });
    await report();

    assert.ok(
      posted.some((m) => (m as { type: string }).type === 'saved'),
      'the verified configuration was not saved',
    );
    // SecretStorage is the one place the key is kept.
    assert.equal(parts.secrets.data.get(SECRET_KEY), keyFor('ok'), 'the key was not saved to SecretStorage');
    assert.ok(posted.length > 20, `only ${posted.length} messages posted`);
    assertNoCanary('messages posted to the webview', JSON.stringify(posted));
    assertNoCanary('host log channel (all levels)', parts.channel.lines.join('\n'));
    assertNoCanary('notifications', JSON.stringify(notify.messages));
    assertNoCanary('settings written', JSON.stringify([...parts.config.user.entries(), ...parts.config.workspace.entries()]));
    assert.ok(clipboards.length >= 8 && clipboards.every((c) => c.length > 0), 'support reports were not copied');
    clipboards.forEach((c, i) => assertNoCanary(`support report on the clipboard (#${i})`, c));
    controller.dispose();
    connection.dispose();
  });

  describe('terminal doctor', function () {
    this.timeout(120_000);
    before(function () {
      const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `cli build failed: ${build.stderr}`);
    });

    // `code` proves the doctor really used the key (a doctor that ignored it could not leak it).
    const doctorCases: { label: string; scenario: string; args?: string[]; code: string }[] = [
      { label: 'ok', scenario: 'ok', code: 'ok' },
      { label: 'ok, models only', scenario: 'ok', args: [], code: 'ok' },
      { label: 'no credits', scenario: 'nocredits', code: 'insufficient_credits' },
      { label: 'rate limited', scenario: 'ratelimited60', code: 'rate_limited' },
      { label: 'html', scenario: 'html', code: 'html_response' },
      { label: 'redirect', scenario: 'redirect', code: 'redirect' },
      { label: 'bad json', scenario: 'badjson', code: 'invalid_response' },
      { label: 'hostile (key echoed with invisible and fullwidth characters)', scenario: 'hostile', code: 'rate_limited' },
      { label: 'unknown model', scenario: 'ok', args: ['--model', 'gpt-nope'], code: 'model_not_found' },
      { label: 'black hole', scenario: 'blackhole', args: ['--model', 'gpt-4o-mini', '--timeout', '1'], code: 'timeout' },
      { label: '401', scenario: '', code: 'unauthorized' },
    ];

    // A key typed on the command line is refused (exit 2); the refusal must not print it back.
    const base = () => ['check', '--base-url', `${proxy.origin}/v1`];
    for (const [label, argv] of [
      ['--key KEY', (k: string) => [...base(), '--key', k]],
      ['--api-key=KEY', (k: string) => [...base(), `--api-key=${k}`]],
      ['KEY as a bare argument', (k: string) => [...base(), k]],
      ['KEY as the command', (k: string) => [k, '--base-url', `${proxy.origin}/v1`]],
    ] as const) {
      it(`usage error for ${label} does not echo the key`, async () => {
        const key = keyFor('ok');
        const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
        delete env.RUTAAPI_API_KEY;
        for (const json of [[], ['--json']]) {
          const r = await runDoctor(['dist/cli.js', ...argv(key), ...json], env, '');
          assert.equal(r.status, 2, `exit ${r.status}`);
          assertNoCanary(`doctor usage error (${label}) stdout`, r.stdout);
          assertNoCanary(`doctor usage error (${label}) stderr`, r.stderr);
        }
      });
    }

    // Every case human and --json with the key from the environment; a few also with --key-stdin.
    const viaStdin = new Set(['ok', 'no credits', '401']);
    for (const { label, scenario, args, code } of doctorCases) {
      for (const json of [false, true]) {
        for (const via of viaStdin.has(label) ? (['env', 'stdin'] as const) : (['env'] as const)) {
          it(`${label} (${json ? 'json' : 'human'}, key from ${via})`, async () => {
            const key = scenario ? keyFor(scenario) : `sk-ruta-${CANARY}`;
            const argv = ['dist/cli.js', 'check', '--base-url', `${proxy.origin}/v1`, ...(args ?? ['--model', 'gpt-4o-mini'])];
            if (json) argv.push('--json');
            if (via === 'stdin') argv.push('--key-stdin');
            const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RUTAAPI_DEBUG: '1', DEBUG: '*' };
            delete env.RUTAAPI_API_KEY;
            if (via === 'env') env.RUTAAPI_API_KEY = key;
            // Asynchronous: the sandbox and the capturing proxy live in this process.
            const r = await runDoctor(argv, env, via === 'stdin' ? `${key}\n` : '');
            assert.ok(r.status === 0 || r.status === 1, `doctor exit ${r.status}: ${r.stderr.slice(0, 400)}`);
            assert.ok(r.stdout.length > 0, 'doctor printed nothing');
            if (json) assert.equal((JSON.parse(r.stdout) as { diagnosis: { code: string } }).diagnosis.code, code);
            assert.equal(r.status, code === 'ok' ? 0 : 1);
            assertNoCanary(`doctor stdout (${label}, ${json ? 'json' : 'human'}, ${via})`, r.stdout);
            assertNoCanary(`doctor stderr (${label}, ${json ? 'json' : 'human'}, ${via})`, r.stderr);
          });
        }
      }
    }
  });
});
