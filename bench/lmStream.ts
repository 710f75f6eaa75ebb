// The language-model provider's stream alone: `npx tsx bench/lmStream.ts` runs the `lm` section of
// `npm run bench` (bench/sections/lm.ts) with the source modules and prints its figures; nothing is
// written. `npm run bench -- --only=lm` does the same with the production dist/gateway.js client.
import { createContext, createResults } from './sections/common';
import { measureLmStream } from './sections/lm';
import { evaluateGoals } from './sections/report';

async function main(): Promise<void> {
  const results = createResults();
  const ctx = createContext(results);
  try {
    await measureLmStream(ctx);
  } finally {
    await ctx.runCleanups();
  }
  evaluateGoals(results);
  const m = results.meetsGoals;
  const met = (k: string) => (m[k] === true ? 'met' : m[k] === false ? 'NOT MET' : 'n/a');
  console.log(`first text part (50 ms latency) ÷ raw: ${results.lmFirstTextRatio}× (goal ≤ 1.05×: ${met('lmFirstTextRatio')})`);
  console.log(`10,000 chunks, chunks/s ÷ raw: ${results.lmPassThroughRatio}× (goal ≥ 0.95×: ${met('lmPassThroughRatio')})`);
  console.log(
    `heap held at the end of a 10,000-chunk stream: ${results.lmHeapGrowthMb} MB (goal ≤ ${results.goals.lmHeapGrowthMb.max} MB: ${met('lmHeapGrowthMb')})`,
  );
  console.log(`cancel mid-stream → the sandbox sees the disconnect: ${results.lmCancelMs} ms (goal ≤ 100 ms: ${met('lmCancelMs')})`);
  console.log(JSON.stringify(results.details.lmStream, null, 1));
  for (const n of results.notes) console.log(`note: ${n}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
