// One round of the lm section's pass-through (bench/sections/lm.ts), in a process of its own: the
// JIT and the garbage collector settle differently in each process, and over 40 pairs in one
// process ours ÷ raw came out anywhere from 0.92 to 1.07 for the same code (both sides moved,
// each by ±15 %). Rounds in fresh processes, pooled, average that out; within a round,
// alternating pairs cancel what drifts with time. Forked by passThroughRound below (tsx); run as
// a child it takes its options over IPC, measures, sends the pairs back and exits.
import { createGatewayClient as sourceGatewayClient } from '../src/core/gatewayClient';
import { flowRate, oursRun, rawRun, wholeRate, type CreateClient, type Run } from './lmRuns';
import { round } from './sections/common';
import { forkTsx } from './tsxChild';

export interface PassThroughPair {
  /** Text chunks per second, from the request to the end of the stream. */
  oursPerSec: number;
  rawPerSec: number;
  /** oursPerSec ÷ rawPerSec. */
  ratio: number;
  /** The same pair's ratio while the stream flows (first → last text part: no request set-up). */
  flowRatio: number;
}

export interface PassThroughRoundOptions {
  /** The gateway's Base URL (the sandbox in a process of its own). */
  baseUrl: string;
  /** A built dist/gateway.js to take createGatewayClient from; the source module otherwise. */
  clientModule?: string;
  chunks: number;
  warmUpPairs: number;
  pairs: number;
}

type ChildAnswer = { pairs: PassThroughPair[] } | { error: string };

/** Forks a fresh process for one round; resolves with its pairs (≤ 120 s). */
export async function passThroughRound(options: PassThroughRoundOptions): Promise<PassThroughPair[]> {
  const proc = forkTsx(__filename, '--round', 'a pass-through round');
  try {
    const answer = proc.firstMessage<ChildAnswer>(120_000, 'answer');
    proc.child.send(options);
    const said = await answer;
    if ('error' in said) throw new Error(`pass-through round: ${said.error}`);
    return said.pairs;
  } finally {
    await proc.end();
  }
}

async function measureRound(o: PassThroughRoundOptions): Promise<PassThroughPair[]> {
  const createClient: CreateClient = o.clientModule
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, chosen at run time
      (require(o.clientModule) as typeof import('../src/core/gateway')).createGatewayClient
    : sourceGatewayClient;
  const text = `[sandbox:chunks=${o.chunks}]`;
  const ours = () => oursRun(createClient, o.baseUrl, text);
  const raw = () => rawRun(o.baseUrl, text);
  for (let i = 0; i < o.warmUpPairs; i++) {
    await ours();
    await raw();
  }
  const pairs: PassThroughPair[] = [];
  for (let i = 0; i < o.pairs; i++) {
    let a: Run;
    let b: Run;
    if (i % 2 === 0) {
      a = await ours();
      b = await raw();
    } else {
      b = await raw();
      a = await ours();
    }
    for (const [side, r] of [
      ['ours', a],
      ['raw', b],
    ] as const) {
      if (r.parts < o.chunks) throw new Error(`${side}: ${r.parts} of ${o.chunks} text chunks`);
    }
    pairs.push({
      oursPerSec: Math.round(wholeRate(a)),
      rawPerSec: Math.round(wholeRate(b)),
      ratio: round(wholeRate(a) / wholeRate(b), 4),
      flowRatio: round(flowRate(a) / flowRate(b), 4),
    });
  }
  return pairs;
}

if (require.main === module && process.argv.includes('--round')) {
  process.once('message', (options) => {
    measureRound(options as PassThroughRoundOptions).then(
      (pairs) => process.send?.({ pairs } satisfies ChildAnswer, () => process.exit(0)),
      (error: unknown) => process.send?.({ error: String((error as Error).message) } satisfies ChildAnswer, () => process.exit(1)),
    );
  });
}
