// The lm section's figures in bench/results.json: the fields exist (null until measured), their
// goals are evaluated like the others, and a goal with only a lower bound (lmPassThroughRatio ≥ 0.95)
// is met above it and missed below it (bench/sections/report.ts). No stream is started here.
import { strict as assert } from 'node:assert';
import { GOALS, createResults } from '../../../bench/sections/common';
import { evaluateGoals } from '../../../bench/sections/report';

describe('bench lm section: results fields and goals', () => {
  it('adds the lm fields and bundleBytes.lm, null until measured; their goals say n/a', () => {
    const results = createResults();
    for (const k of ['lmFirstTextRatio', 'lmPassThroughRatio', 'lmHeapGrowthMb', 'lmCancelMs'] as const) assert.equal(results[k], null, k);
    assert.equal(results.bundleBytes.lm, null);
    evaluateGoals(results);
    for (const k of ['lmFirstTextRatio', 'lmPassThroughRatio', 'lmHeapGrowthMb', 'lmCancelMs'])
      assert.equal(results.meetsGoals[k], null, k);
  });

  it('evaluates the lm goals: ≤ 1.05, ≥ 0.95 (min only), ≤ the flat-memory bound, ≤ 100 ms', () => {
    assert.deepEqual(GOALS.lmPassThroughRatio, { min: 0.95, unit: '×' });
    const meets = (over: Partial<Record<'lmFirstTextRatio' | 'lmPassThroughRatio' | 'lmHeapGrowthMb' | 'lmCancelMs', number>>) => {
      const results = createResults();
      Object.assign(results, { lmFirstTextRatio: 1.01, lmPassThroughRatio: 1, lmHeapGrowthMb: 0.2, lmCancelMs: 2 }, over);
      evaluateGoals(results);
      return results.meetsGoals;
    };
    const ok = meets({});
    for (const k of ['lmFirstTextRatio', 'lmPassThroughRatio', 'lmHeapGrowthMb', 'lmCancelMs']) assert.equal(ok[k], true, k);
    assert.equal(meets({ lmPassThroughRatio: 1.4 }).lmPassThroughRatio, true, 'no upper bound');
    assert.equal(meets({ lmPassThroughRatio: 0.94 }).lmPassThroughRatio, false);
    assert.equal(meets({ lmFirstTextRatio: 1.06 }).lmFirstTextRatio, false);
    assert.equal(meets({ lmHeapGrowthMb: GOALS.lmHeapGrowthMb.max + 0.01 }).lmHeapGrowthMb, false);
    assert.equal(meets({ lmCancelMs: 101 }).lmCancelMs, false);
  });

  it('still evaluates a range goal (the black hole) on both ends', () => {
    const results = createResults();
    results.verdictMs.blackhole = 1900;
    evaluateGoals(results);
    assert.equal(results.meetsGoals['verdictMs.blackhole'], false);
  });
});
