// Activation with the `vscode` stand-in: load dist/extension.js and call activate() in fresh Node
// processes (bench/activationChild.cjs), plus the checks on what activate() must not do.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot, type ProductionBuild } from '../prodBuild';
import { median, round, type BenchContext } from './common';

const ACTIVATION_RUNS = 31;

/** One line of JSON from bench/activationChild.cjs. */
interface ActivationSample {
  activationMs: number;
  loadMs: number;
  activateSyncMs: number;
  activatePromiseMs: number;
  activationCpuMs: number;
  readyMs: number | null;
  commands: unknown;
  subscriptions: unknown;
  networkAfter: unknown;
  keychainAfter: unknown;
  activateError: string | null;
  networkDuringActivate: string[];
  keychainDuringActivate: string[];
  hostLoadedDuringActivate: boolean;
  gatewayLoadedDuringActivate: boolean;
}

export function measureActivation(ctx: BenchContext, build: ProductionBuild): void {
  const { results } = ctx;
  const bundle = join(build.dir, 'dist/extension.js');
  const child = join(projectRoot, 'bench/activationChild.cjs');
  const good: ActivationSample[] = [];
  for (let i = 0; i < ACTIVATION_RUNS; i++) {
    const run = spawnSync(process.execPath, [child, bundle], { encoding: 'utf8', timeout: 20_000 });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    try {
      const sample = JSON.parse(line) as ActivationSample;
      if (typeof sample.activationMs === 'number') good.push(sample);
    } catch {
      ctx.note(`activation: sample ${i} printed no result (exit ${run.status ?? run.signal}): ${run.stderr.slice(0, 300)}`);
    }
  }
  if (good.length === 0) return;
  const med = (pick: (s: ActivationSample) => number) => round(median(good.map(pick)), 3);
  results.activationMs = med((s) => s.activationMs);
  const first = good[0];
  results.details.activation = {
    runs: good.length,
    loadMsMedian: med((s) => s.loadMs),
    activateSyncMsMedian: med((s) => s.activateSyncMs),
    activatePromiseMsMedian: med((s) => s.activatePromiseMs),
    cpuMsMedian: med((s) => s.activationCpuMs),
    // Until the status bar item is shown: the host chunk started, one task after activate().
    readyMsMedian: good.every((s) => typeof s.readyMs === 'number') ? med((s) => s.readyMs as number) : null,
    min: round(Math.min(...good.map((s) => s.activationMs)), 3),
    max: round(Math.max(...good.map((s) => s.activationMs)), 3),
    commandsRegistered: first.commands,
    subscriptions: first.subscriptions,
    networkAfterActivate: first.networkAfter,
    keychainAfterActivate: first.keychainAfter,
  };
  const errors = good.map((s) => s.activateError).filter(Boolean);
  ctx.check(
    'activate() does not throw with the vscode stand-in',
    errors.length === 0,
    errors[0] ? String(errors[0]).slice(0, 300) : undefined,
  );
  const net = good.flatMap((s) => s.networkDuringActivate);
  ctx.check('no network during activate()', net.length === 0, net.length ? [...new Set(net)].join(', ') : undefined);
  const keychain = good.flatMap((s) => s.keychainDuringActivate);
  ctx.check(
    'no keychain (SecretStorage) access during activate()',
    keychain.length === 0,
    keychain.length ? [...new Set(keychain)].join(', ') : undefined,
  );
  const host = good.filter((s) => s.hostLoadedDuringActivate).length;
  ctx.check('host chunk started after activate() returned, not inside it', host === 0, host ? `${host}/${good.length} runs` : undefined);
  const gateway = good.filter((s) => s.gatewayLoadedDuringActivate).length;
  ctx.check(
    'gateway chunk (openai SDK) not loaded during activate()',
    gateway === 0,
    gateway ? `${gateway}/${good.length} runs` : undefined,
  );
}
