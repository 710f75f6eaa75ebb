// Terminal doctor (dist/cli.js): the verification engine from a terminal, as the guide advises
// ("fix the terminal request first"). The key comes from RUTAAPI_API_KEY or stdin, never argv.
// Exit 0 when every check passed, 1 on a diagnosis, 2 on usage errors.
import { verify } from '../core/verify';
import { readAccount } from '../core/gatewayAccount/readAccount';
import { dashboardLinks, discoverGateway } from '../core/gatewayAccount/discovery';
import type { VerificationResult } from '../core/types';
import { Scrubber } from '../core/scrub';
import { keyFromStdin, parseArgs, USAGE, type CheckArgs } from './args';
import { inertForTerminal } from '../core/inertText';
import { COLOR, PLAIN, escapeJsonInvisibles, renderHuman, renderJson } from './format';

const EXIT_OK = 0;
const EXIT_DIAGNOSIS = 1;
const EXIT_USAGE = 2;

/**
 * Streams whose reader went away (`doctor --json | head -c 10` closes the pipe: EPIPE). Writing to
 * them stops quietly: no "Unhandled 'error' event" stack trace, the exit code stays the check's.
 */
const gone = new WeakSet<NodeJS.WriteStream>();

function endQuietlyOnClosedOutput(stream: NodeJS.WriteStream): void {
  stream.on('error', () => {
    // EPIPE (reader closed) or any other write failure: nothing more can be shown on this stream.
    gone.add(stream);
  });
}
endQuietlyOnClosedOutput(process.stdout);
endQuietlyOnClosedOutput(process.stderr);

/** Resolves once the text is written, or at once when the stream can no longer be written. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (gone.has(stream) || stream.destroyed || !stream.writable) {
      resolve();
      return;
    }
    const finish = (): void => {
      stream.off('close', finish);
      resolve();
    };
    stream.once('close', finish);
    try {
      // The callback runs when the text is flushed or the write failed (EPIPE), so this never waits
      // for a 'drain' that will not come.
      stream.write(text, () => finish());
    } catch {
      gone.add(stream);
      finish();
    }
  });
}

/** The key in every form it may take in the doctor's output: raw, and as the inert/JSON escapes show it. */
function addKey(scrubber: Scrubber, key: string | null | undefined): void {
  if (!key) return;
  for (const form of new Set([key, key.trim()])) {
    scrubber.add(form);
    scrubber.add(inertForTerminal(form));
    scrubber.add(escapeJsonInvisibles(JSON.stringify(form)).slice(1, -1));
  }
}

async function readKeyFromStdin(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    // Interactive: read one line without echoing it.
    process.stderr.write('Paste your RutaAPI API key and press Enter (input is hidden): ');
    return new Promise((resolve) => {
      let value = '';
      stdin.setRawMode?.(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.setRawMode?.(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(value);
            return;
          }
          if (ch === '\u0003') {
            stdin.setRawMode?.(false);
            process.stderr.write('\n');
            process.exit(130);
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > 64 * 1024) break;
    chunks.push(buffer);
  }
  // The first line only (a `pass` entry's metadata follows it); the engine's key analysis cleans the rest.
  return keyFromStdin(Buffer.concat(chunks).toString('utf8'));
}

async function check(args: CheckArgs): Promise<number> {
  let rawKey: string;
  if (args.keyStdin) {
    rawKey = await readKeyFromStdin();
  } else {
    rawKey = process.env.RUTAAPI_API_KEY ?? '';
  }
  if (rawKey.trim() === '') {
    await write(
      process.stderr,
      args.keyStdin
        ? 'doctor: no API key on standard input. Pipe the key, e.g.  pass show rutaapi | npm run doctor -- check --key-stdin\n'
        : 'doctor: no API key. Set RUTAAPI_API_KEY (or pipe the key with --key-stdin); keys are never accepted as arguments.\n',
    );
    return EXIT_USAGE;
  }

  const scrubber = new Scrubber();
  addKey(scrubber, rawKey);

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let result;
  try {
    result = await verify({
      apiKey: rawKey,
      baseUrl: args.baseUrl,
      model: args.model,
      timeoutMs: args.timeoutMs,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  addKey(scrubber, result.key.cleaned);
  result = await withGatewayFacts(result, controller.signal);

  if (args.json) {
    await write(process.stdout, `${scrubber.scrub(renderJson(result))}\n`);
  } else {
    const useColor = !!process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
    await write(process.stdout, scrubber.scrub(renderHuman(result, { model: args.model, style: useColor ? COLOR : PLAIN })));
  }
  if (result.diagnosis.code === 'cancelled') return 130;
  return result.ok ? EXIT_OK : EXIT_DIAGNOSIS;
}

/** How long the doctor waits for the key's figures after the verdict. */
const ACCOUNT_READ_MS = 5_000;

/**
 * The dashboard links and the key's figures for the report, read after the verdict (its timings
 * are already taken): a success reads the billing endpoints (never /api/usage/token/); a failure
 * keeps what the check found. Nothing is sent when the check sent nothing.
 */
async function withGatewayFacts(result: VerificationResult, signal: AbortSignal): Promise<VerificationResult> {
  const baseUrl = result.baseUrl.normalized;
  if (!baseUrl || result.steps.length === 0 || result.diagnosis.code === 'cancelled') {
    return {
      ...result,
      dashboard: result.dashboard !== undefined ? result.dashboard : baseUrl ? dashboardLinks(baseUrl, undefined) : null,
      account: result.account ?? null,
    };
  }
  if (result.ok && result.key.cleaned) {
    const read = await readAccount({ baseUrl, apiKey: result.key.cleaned, signal, timeoutMs: ACCOUNT_READ_MS });
    return { ...result, dashboard: read.dashboard, account: read.account };
  }
  let dashboard = result.dashboard;
  if (dashboard === undefined) {
    let status;
    try {
      status = await discoverGateway(new URL(baseUrl).origin);
    } catch {
      status = null;
    }
    dashboard = dashboardLinks(baseUrl, status);
  }
  return { ...result, dashboard, account: result.account ?? null };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.command === 'help') {
    await write(process.stdout, USAGE);
    return EXIT_OK;
  }
  if (parsed.command === 'usage_error') {
    await write(process.stderr, `doctor: ${parsed.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  return check(parsed);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    // Should not happen (verify never throws); never print a stack or the key.
    const scrubber = new Scrubber();
    scrubber.add(process.env.RUTAAPI_API_KEY);
    await write(
      process.stderr,
      `doctor: unexpected error: ${inertForTerminal(scrubber.scrub(String((error as Error)?.message ?? error)))}\n`,
    );
    process.exit(EXIT_DIAGNOSIS);
  },
);
