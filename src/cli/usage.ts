// `doctor usage`: what the key spent, from the gateway's own request records. One keyless
// `GET /api/status` (the display unit; not rate limited) and exactly one `GET /api/log/token`
// (shared 20-per-20-minutes bucket with /api/usage/token/). Exit 0 with a report (a plain zero
// one when the gateway keeps no records), 1 when the records could not be read, 2 on usage errors.
import { analyzeApiKey } from '../core/apiKey';
import { analyzeBaseUrl } from '../core/baseUrl';
import { discoverGateway } from '../core/gatewayAccount/discovery';
import { inertForTerminal } from '../core/inertText';
import { Scrubber } from '../core/scrub';
import { UsageBudget } from '../core/usage/budget';
import { readUsageLog } from '../core/usage/readLog';
import { emptyUsageReport, periodStart, usageReport } from '../core/usage/report';
import type { UsageArgs } from './args';
import { COLOR, PLAIN } from './format';
import { addKey, readKeyFromStdin, write } from './io';
import { renderUsageHuman, renderUsageJson, usageOutcome, type UsageOutcome } from './usageFormat';

async function givenKey(args: UsageArgs): Promise<string> {
  return args.keyStdin ? readKeyFromStdin() : (process.env.RUTAAPI_API_KEY ?? '');
}

/** The key and Base URL to use, or the usage error to print. */
async function inputs(args: UsageArgs): Promise<{ key: string; baseUrl: string; raw: string } | { error: string }> {
  const raw = await givenKey(args);
  if (raw.trim() === '') {
    return {
      error: args.keyStdin
        ? 'no API key on standard input. Pipe the key, e.g.  pass show rutaapi | npm run doctor -- usage --key-stdin'
        : 'no API key. Set RUTAAPI_API_KEY (or pipe the key with --key-stdin); keys are never accepted as arguments.',
    };
  }
  const key = analyzeApiKey(raw);
  if (!key.cleaned) {
    const why = key.findings.find((f) => f.severity === 'error')?.message ?? '';
    return { error: `the API key cannot be used: ${inertForTerminal(why)}` };
  }
  const url = analyzeBaseUrl(args.baseUrl);
  if (!url.normalized) {
    const why = url.findings.find((f) => f.severity === 'error')?.message ?? '';
    return { error: `the Base URL cannot be used: ${inertForTerminal(why)}` };
  }
  return { key: key.cleaned, baseUrl: url.normalized, raw };
}

async function readOutcome(args: UsageArgs, key: string, baseUrl: string, signal: AbortSignal): Promise<UsageOutcome> {
  // discoverGateway never throws: a gateway without /api/status is null, and nothing more is asked of it.
  const status = await discoverGateway(new URL(baseUrl).origin);
  // A fresh budget: this process sends one read; the gateway's own limiter is the one that counts.
  const read = await readUsageLog({ baseUrl, apiKey: key, status, budget: new UsageBudget(undefined), signal, timeoutMs: args.timeoutMs });
  const nowS = Math.floor(Date.now() / 1000);
  const unit = status?.display.unit ?? 'USD';
  const since = args.since !== undefined;
  if (read.kind === 'ok' && status) {
    return { read, report: usageReport(read.entries, status.display, nowS, args.since), nowS, since };
  }
  const failed = read.kind === 'unauthorized' || read.kind === 'rate_limited' || read.kind === 'failed';
  return { read, report: emptyUsageReport(!failed, unit, periodStart(args.since, nowS), nowS), nowS, since };
}

export async function runUsage(args: UsageArgs): Promise<number> {
  const given = await inputs(args);
  if ('error' in given) {
    await write(process.stderr, `doctor: ${given.error}\n`);
    return 2;
  }
  const scrubber = new Scrubber();
  addKey(scrubber, given.raw);
  addKey(scrubber, given.key);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let outcome: UsageOutcome;
  try {
    outcome = await readOutcome(args, given.key, given.baseUrl, controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
  const shown = usageOutcome(outcome, given.baseUrl, given.key);
  if (args.json) {
    await write(process.stdout, `${scrubber.scrub(renderUsageJson(outcome.report))}\n`);
    if (!outcome.report.ok) await write(process.stderr, `doctor: ${scrubber.scrub(shown.problem ?? '')}\n`);
  } else {
    const useColor = !!process.stdout.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
    await write(process.stdout, scrubber.scrub(renderUsageHuman(shown, useColor ? COLOR : PLAIN)));
  }
  if (outcome.read.kind === 'failed' && outcome.read.reason === 'cancelled') return 130;
  return outcome.report.ok ? 0 : 1;
}
