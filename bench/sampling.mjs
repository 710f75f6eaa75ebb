// Taking benchmark samples in bench/editorActivation.mjs (plain JavaScript like it; types in
// sampling.d.mts; unit-tested with a fake sampler and a fake clock in test/unit/bench/):
//   - a sample that fails (the workbench did not come up, the Startup Performance document could not
//     be read, …) is taken again, up to `retries` more times, instead of failing the measurement and
//     dropping the figure; each failure is logged and returned so the results say which and why;
//   - a time budget: the step stops taking samples when the next one would not fit before its
//     deadline, so it ends with fewer samples instead of being killed with none.

/** The first line of an error (Playwright errors append a call log), at most 300 characters. */
export function failureReason(error) {
  const text = error instanceof Error ? error.message : String(error);
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? 'unknown error';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/**
 * Takes sample `index` (1-based) of `setup` with `take(attempt)` (attempt 1, 2, …). On failure logs
 * "sample N (setup) failed: <reason>; retrying" and tries again, at most `retries` times more; the
 * last failure is thrown with every reason in its message. Every failure is pushed to `failures`.
 * `canRetry()` false (say, the time budget is used up) makes the current failure the last.
 */
export async function sampleWithRetry({ setup, index, take, retries = 2, canRetry = () => true, log = () => {}, failures = [] }) {
  const reasons = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await take(attempt);
    } catch (e) {
      const reason = failureReason(e);
      reasons.push(reason);
      const last = attempt > retries || !canRetry();
      failures.push({ setup, sample: index, attempt, reason, retried: !last });
      if (last) {
        log(
          `sample ${index} (${setup}) failed: ${reason}; giving up after ${attempt} attempt${attempt > 1 ? 's' : ''}${attempt > retries ? '' : ' (no time left to retry)'}`,
        );
        const error = new Error(
          `sample ${index} (${setup}) failed ${attempt} times: ${reasons.map((r, i) => `${i + 1}) ${r}`).join('; ')}`,
        );
        error.cause = e;
        throw error;
      }
      log(`sample ${index} (${setup}) failed: ${reason}; retrying (attempt ${attempt + 1} of ${retries + 1})`);
    }
  }
}

/**
 * A deadline (ms since the epoch, Infinity for none) and the longest time each kind of step
 * ('setup', 'sample') took so far: `fits('setup', 'sample')` says whether one more of each would end
 * before the deadline, using `fallbackMs` for a kind not yet seen.
 */
export function timeBudget(deadline = Infinity, { now = Date.now, fallbackMs = { setup: 20_000, sample: 10_000 } } = {}) {
  const longest = {};
  const estimate = (kind) => longest[kind] ?? fallbackMs[kind] ?? 0;
  return {
    deadline,
    left: () => deadline - now(),
    record(kind, ms) {
      longest[kind] = Math.max(longest[kind] ?? 0, ms);
    },
    fits(...kinds) {
      return now() + kinds.reduce((sum, kind) => sum + estimate(kind), 0) <= deadline;
    },
  };
}
