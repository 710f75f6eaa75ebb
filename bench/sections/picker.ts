// Scale: the host's real model picker (src/host/commands/modelPicker.ts) on the sandbox `many` scenario
// (10,000 models), driven with a quick-pick stand-in: from the command until the items are set.
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { closestModel } from '../../src/core/closestModel';
import type { VerificationResult } from '../../src/core/types';
import type { Connection } from '../../src/host/connection/connectionState';
import { Keychain } from '../../src/host/connection/keychain';
import { ModelCache } from '../../src/host/connection/modelCache';
import { pickModel, type ModelPickerDeps } from '../../src/host/commands/modelPicker';
import type { ConfigPort, MementoPort, NotifyPort, SecretStoragePort } from '../../src/host/shared/ports';
import { Settings } from '../../src/host/connection/settings';
import { startSandbox } from '../../src/sandbox/server';
import { bounded, median, round, type BenchContext } from './common';
import type { Verify } from './engine';

const MANY = 10_000;
const SAMPLES = 6; // the first warms up

export async function measurePicker(ctx: BenchContext, verify: Verify): Promise<void> {
  const { results } = ctx;
  const counted = await pickerReadySamples(ctx, verify, { scenario: 'many', count: MANY, samples: SAMPLES });
  results.pickerReadyMs = round(median(counted.map((s) => s.readyMs)), 2);
  results.details.picker = {
    module: 'src/host/commands/modelPicker.ts',
    function: 'pickModel (quick-pick stand-in; engine verify for /models on the sandbox `many` scenario)',
    items: counted[0]?.items,
    samplesMs: counted.map((s) => s.readyMs),
    // The closest-model suggestion a model_not_found card offers, over the same 10,000 ids.
    closestModelMs: measureClosestModel(),
  };
}

/**
 * The picker from the command until `count` items are set, `samples` times against a fresh sandbox
 * with a key of `scenario`; the first sample warms up and is dropped.
 */
export async function pickerReadySamples(
  ctx: BenchContext,
  verify: Verify,
  o: { scenario: string; count: number; samples: number },
): Promise<{ readyMs: number; items: number }[]> {
  const sandbox = await startSandbox({ port: 0 });
  ctx.defer(() => sandbox.close());
  try {
    const key = `sk-ruta-sandbox-${o.scenario}-bench`;
    const samples: { readyMs: number; items: number }[] = [];
    for (let i = 0; i < o.samples; i++) {
      const picker = quickPickStandIn();
      const deps = pickerDeps(ctx, { baseUrl: sandbox.baseUrl, key, verify, qp: picker.qp });
      const t0 = performance.now();
      const done = pickModel(deps);
      const items = await bounded('model picker', 30_000, () => picker.ready(o.count));
      const readyMs = picker.lastTouch() - t0;
      picker.qp.hide();
      await bounded('model picker close', 5_000, () => done);
      samples.push({ readyMs: round(readyMs), items });
    }
    return samples.slice(1);
  } finally {
    await sandbox.close();
  }
}

/** Median of 5 runs of three closestModel look-ups (a hit, a miss, a typo) on 10,000 ids. */
function measureClosestModel(): number {
  const ids = Array.from({ length: MANY }, (_, i) => `vendor${i % 40}/family-${i % 97}-model-${i}-instruct`);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    closestModel('family-9-model-5150-instruct', ids);
    closestModel('completely-unrelated-name-zzz', ids);
    closestModel('family-9-model-5150-instrct', ids);
    runs.push(performance.now() - t0);
  }
  return round(median(runs), 2);
}

/**
 * The picker's dependencies: real Settings, Keychain and ModelCache over in-memory ports; the
 * connection's key gate grants the saved key and its run() is the shipped engine.
 */
function pickerDeps(ctx: BenchContext, o: { baseUrl: string; key: string; verify: Verify; qp: QuickPickStandIn['qp'] }): ModelPickerDeps {
  const values: Record<string, unknown> = {
    'rutaapi.baseUrl': o.baseUrl,
    'rutaapi.model': 'deepseek-chat',
    'rutaapi.requestTimeoutSeconds': 15,
    'rutaapi.useBaseUrlAsEntered': false,
  };
  const config: ConfigPort = {
    get: <T>(k: string) => values[k] as T | undefined,
    inspect: <T>(k: string) => ({ globalValue: values[k] as T | undefined }),
    update: async () => undefined,
  };
  const secrets: SecretStoragePort = {
    get: async () => o.key,
    store: async () => undefined,
    delete: async () => undefined,
    onDidChange: () => ({ dispose() {} }),
  };
  const memento: MementoPort = { get: () => undefined, update: async () => undefined };
  const connection: Pick<Connection, 'run' | 'adopt' | 'savedKeyFor'> = {
    run: (options) => o.verify(options),
    adopt: () => undefined,
    savedKeyFor: async () => ({ kind: 'granted', key: o.key }),
  };
  const notify: NotifyPort = { info: async () => undefined, warn: async () => undefined, error: async () => undefined };
  // The slice of the vscode API pickModel uses.
  const vs = {
    window: {
      createQuickPick: () => o.qp,
      withProgress: async () => undefined,
    },
    ThemeIcon: class {
      constructor(readonly id: string) {}
    },
    ProgressLocation: { Notification: 15 },
  };
  return {
    vs: vs as unknown as typeof vscode,
    settings: new Settings(config),
    keychain: new Keychain(secrets),
    connection: connection as Connection,
    cache: new ModelCache(memento),
    showDiagnosis: (r: VerificationResult) => ctx.note(`picker: diagnosis ${r.diagnosis.code}`),
    notConfigured: () => ctx.note('picker: not configured'),
    notify,
  };
}

type QuickPickStandIn = ReturnType<typeof quickPickStandIn>;

/** A recording stand-in for vscode.QuickPick: resolves `ready(n)` once n items were set. */
function quickPickStandIn() {
  let items: unknown[] = [];
  let active: unknown[] = [];
  let touched = 0;
  let waiting: { n: number; resolve: (count: number) => void } | undefined;
  const hide: (() => void)[] = [];
  const touch = () => {
    touched = performance.now();
    if (waiting && items.length >= waiting.n) {
      const w = waiting;
      waiting = undefined;
      // Resolve after the current task, so code after `qp.items = …` (active item) counts too.
      setImmediate(() => w.resolve(items.length));
    }
  };
  const qp = {
    title: '',
    placeholder: '',
    busy: false,
    buttons: [] as unknown[],
    matchOnDescription: false,
    matchOnDetail: false,
    selectedItems: [] as unknown[],
    get items() {
      return items;
    },
    set items(v: unknown[]) {
      items = v;
      touch();
    },
    get activeItems() {
      return active;
    },
    set activeItems(v: unknown[]) {
      active = v;
      touched = performance.now();
    },
    onDidTriggerButton: () => ({ dispose() {} }),
    onDidAccept: () => ({ dispose() {} }),
    onDidHide: (f: () => void) => {
      hide.push(f);
      return { dispose() {} };
    },
    onDidChangeValue: () => ({ dispose() {} }),
    onDidChangeActive: () => ({ dispose() {} }),
    value: '',
    show() {},
    hide() {
      hide.forEach((f) => f());
    },
    dispose() {},
  };
  return {
    qp,
    lastTouch: () => touched,
    ready: (n: number) => new Promise<number>((resolve) => (waiting = { n, resolve })),
  };
}
