// Terminal doctor (dist/cli.js): the verification engine from a terminal, as the guide advises
// ("fix the terminal request first"). The key comes from RUTAAPI_API_KEY or stdin, never argv.
// Exit 0 when every check passed, 1 on a diagnosis, 2 on usage errors.
import { verify } from '../core/verify';
import { readAccount } from '../core/gatewayAccount/readAccount';
import { dashboardLinks, discoverGateway } from '../core/gatewayAccount/discovery';
import type { VerificationResult } from '../core/types';
import { Scrubber } from '../core/scrub';
import { parseArgs, USAGE, type CheckArgs } from './args';
import { inertForTerminal } from '../core/inertText';
import { COLOR, PLAIN, renderHuman, renderJson } from './format';
import { addKey, readKeyFromStdin, write } from './io';
import { runCursor } from './cursor';
import { runTools } from './tools';
import { runUsage } from './usage';

const EXIT_OK = 0;
const EXIT_DIAGNOSIS = 1;
const EXIT_USAGE = 2;

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
  if (parsed.command === 'cursor') return runCursor(parsed);
  if (parsed.command === 'usage') return runUsage(parsed);
  if (parsed.command === 'tools') return runTools(parsed);
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
