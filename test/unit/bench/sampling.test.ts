// The editor-activation benchmark retries a failed sample instead of dropping the whole figure, and
// keeps within a time budget instead of being killed (bench/sampling.mjs). A fake sampler and a fake
// clock stand in for code-server: no editor is started here.
import { strict as assert } from 'node:assert';
import type { SampleFailure } from '../../../bench/sampling.mjs';

type Module = typeof import('../../../bench/sampling.mjs');

/** A sampler that fails its first `failFirst` attempts with the given errors, then returns `value`. */
function fakeSampler<T>(value: T, errors: unknown[]) {
  const attempts: number[] = [];
  return {
    attempts,
    take: async (attempt: number) => {
      attempts.push(attempt);
      if (attempts.length <= errors.length) throw errors[attempts.length - 1];
      return value;
    },
  };
}

describe('editor activation benchmark: retrying a failed sample', () => {
  let m: Module;
  before(async () => {
    m = await import('../../../bench/sampling.mjs');
  });

  it('returns the first attempt when it succeeds, logging nothing', async () => {
    const lines: string[] = [];
    const failures: SampleFailure[] = [];
    const s = fakeSampler(42, []);
    assert.equal(await m.sampleWithRetry({ setup: 'isolated', index: 1, take: s.take, log: (l) => lines.push(l), failures }), 42);
    assert.deepEqual(s.attempts, [1]);
    assert.deepEqual(lines, []);
    assert.deepEqual(failures, []);
  });

  it('retries a failed sample, logs which sample failed and why, and keeps the figure', async () => {
    const lines: string[] = [];
    const failures: SampleFailure[] = [];
    const s = fakeSampler({ activationMs: 9 }, [new Error('timeout after 60000 ms waiting for activation stats\n  call log: …')]);
    const value = await m.sampleWithRetry({ setup: 'stock', index: 3, take: s.take, log: (l) => lines.push(l), failures });
    assert.deepEqual(value, { activationMs: 9 });
    assert.deepEqual(s.attempts, [1, 2], 'the attempt number is passed to the sampler (it reloads on a retry)');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^sample 3 \(stock\) failed: timeout after 60000 ms waiting for activation stats; retrying/);
    assert.deepEqual(failures, [
      { setup: 'stock', sample: 3, attempt: 1, reason: 'timeout after 60000 ms waiting for activation stats', retried: true },
    ]);
  });

  it('tries at most 1 + retries times (2 retries by default), then throws with every reason', async () => {
    const lines: string[] = [];
    const failures: SampleFailure[] = [];
    const s = fakeSampler(1, [new Error('page crashed'), new Error('no workbench'), 'a string', new Error('never reached')]);
    await assert.rejects(
      m.sampleWithRetry({ setup: 'isolated-floor', index: 2, take: s.take, log: (l) => lines.push(l), failures }),
      (e: Error) => {
        assert.equal(e.message, 'sample 2 (isolated-floor) failed 3 times: 1) page crashed; 2) no workbench; 3) a string');
        return true;
      },
    );
    assert.deepEqual(s.attempts, [1, 2, 3]);
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^sample 2 \(isolated-floor\) failed: page crashed; retrying/);
    assert.match(lines[1], /^sample 2 \(isolated-floor\) failed: no workbench; retrying/);
    assert.match(lines[2], /giving up after 3 attempts$/);
    assert.deepEqual(
      failures.map((f) => [f.attempt, f.retried]),
      [
        [1, true],
        [2, true],
        [3, false],
      ],
    );
  });

  it('honours the retry count (0: no retry)', async () => {
    const s = fakeSampler(1, [new Error('boom')]);
    await assert.rejects(m.sampleWithRetry({ setup: 'stock', index: 1, take: s.take, retries: 0 }), /failed 1 times: 1\) boom/);
    assert.deepEqual(s.attempts, [1]);
    const again = fakeSampler(7, [new Error('a'), new Error('b'), new Error('c')]);
    assert.equal(await m.sampleWithRetry({ setup: 'stock', index: 1, take: again.take, retries: 3 }), 7);
    assert.deepEqual(again.attempts, [1, 2, 3, 4]);
  });

  it('reports the first non-empty line of an error, at most 300 characters', () => {
    assert.equal(
      m.failureReason(new Error('\n  locator.waitFor: Timeout 60000ms exceeded.\nCall log:\n  - waiting for …')),
      'locator.waitFor: Timeout 60000ms exceeded.',
    );
    assert.equal(m.failureReason('plain'), 'plain');
    assert.equal(m.failureReason(new Error('')), 'unknown error');
    const long = m.failureReason(new Error('x'.repeat(1000)));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith('…'));
  });

  it('stops retrying when canRetry() says there is no time left', async () => {
    const lines: string[] = [];
    const failures: SampleFailure[] = [];
    const s = fakeSampler(1, [new Error('slow workbench'), new Error('never reached')]);
    await assert.rejects(
      m.sampleWithRetry({ setup: 'stock', index: 2, take: s.take, canRetry: () => false, log: (l) => lines.push(l), failures }),
      /failed 1 times/,
    );
    assert.deepEqual(s.attempts, [1]);
    assert.match(lines[0], /^sample 2 \(stock\) failed: slow workbench; giving up after 1 attempt \(no time left to retry\)$/);
    assert.equal(failures[0].retried, false);
  });
});

describe('editor activation benchmark: time budget', () => {
  let m: Module;
  before(async () => {
    m = await import('../../../bench/sampling.mjs');
  });

  /** A clock the test moves by hand. */
  function clock(start = 1_000_000) {
    let t = start;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  }

  it('without a deadline everything fits', () => {
    const b = m.timeBudget();
    assert.equal(b.fits('setup', 'sample'), true);
    assert.equal(b.left(), Infinity);
  });

  it('uses the fallback estimates until a step was seen, then the longest seen', () => {
    const c = clock();
    const b = m.timeBudget(c.now() + 30_000, { now: c.now, fallbackMs: { setup: 20_000, sample: 10_000 } });
    assert.equal(b.fits('setup', 'sample'), true, '20 + 10 s fit in 30 s');
    c.advance(1);
    assert.equal(b.fits('setup', 'sample'), false);
    assert.equal(b.fits('sample'), true);
    b.record('sample', 4_000);
    b.record('sample', 6_000);
    b.record('sample', 5_000);
    c.advance(23_000); // 6,999 ms left: one more 6 s sample fits, not two
    assert.equal(b.fits('sample'), true);
    c.advance(1_000);
    assert.equal(b.fits('sample'), false);
    assert.equal(b.left(), 5_999);
  });
});
