// The usage log's interval between reads: a minute for users; an end-to-end test may shorten it through
// RUTAAPI_TEST_USAGE_MIN_INTERVAL_MS (src/host/usage/testInterval.ts), to no less than 5 s, and nothing
// else of the budget changes.
import { strict as assert } from 'node:assert';
import { LOG_READS_PER_WINDOW, MIN_INTERVAL_MS, SHARED_WINDOW_MS, UsageBudget } from '../../../src/core/usage/budget';
import { TEST_INTERVAL_ENV, testMinInterval } from '../../../src/host/usage/testInterval';

describe('usage log interval (a minute; shorter only in an end-to-end test)', () => {
  it('the environment variable is taken only as a whole number of ms from 5 s to under a minute', () => {
    assert.equal(testMinInterval({}), MIN_INTERVAL_MS);
    assert.equal(testMinInterval({ [TEST_INTERVAL_ENV]: '12000' }), 12_000);
    assert.equal(testMinInterval({ [TEST_INTERVAL_ENV]: '5000' }), 5_000);
    for (const v of ['0', '4999', '-1', '60000', '600000', '12.5', 'abc', ''])
      assert.equal(testMinInterval({ [TEST_INTERVAL_ENV]: v }), MIN_INTERVAL_MS, `"${v}" leaves the minute`);
  });

  it('a shorter interval lets the next read go sooner; the budget never goes below 5 s', () => {
    let now = 1_000_000;
    const b = new UsageBudget(undefined, () => now, 12_000);
    assert.equal(b.take().ok, true);
    now += 11_999;
    assert.deepEqual(b.take(), { ok: false, retryAt: 1_000_000 + 12_000 });
    now += 1;
    assert.equal(b.take().ok, true);
    const floor = new UsageBudget(undefined, () => now, 10);
    floor.take();
    assert.deepEqual(floor.check(), { ok: false, retryAt: now + 5_000 }, 'a budget built with less than 5 s still waits 5 s');
    const user = new UsageBudget(undefined, () => now);
    user.take();
    assert.deepEqual(user.check(), { ok: false, retryAt: now + MIN_INTERVAL_MS }, 'without the test interval: a minute');
  });

  it('the shared bucket still counts: no more than LOG_READS_PER_WINDOW reads per 20 minutes at the test interval', () => {
    let now = 0;
    const b = new UsageBudget(undefined, () => now, 5_000);
    let reads = 0;
    for (; now < SHARED_WINDOW_MS - 5_000; now += 5_000) if (b.take().ok) reads++;
    assert.equal(reads, LOG_READS_PER_WINDOW);
  });
});
