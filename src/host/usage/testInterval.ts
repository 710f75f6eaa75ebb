import { MIN_INTERVAL_MS, TEST_MIN_INTERVAL_MS } from '../../core/usage/budget';

/** The environment variable the end-to-end harness sets for the usage scenario's editor only. */
export const TEST_INTERVAL_ENV = 'RUTAAPI_TEST_USAGE_MIN_INTERVAL_MS';

/**
 * The usage log's interval between reads: a minute, always, for users. The e2e scenario 18 starts
 * its editor with RUTAAPI_TEST_USAGE_MIN_INTERVAL_MS so that its Refresh need not wait a real
 * minute; it can only shorten the interval, to no less than 5 s, and nothing else of the budget
 * (16 reads per 20 minutes, the gateway's 429) changes. No setting exposes it.
 */
export function testMinInterval(env: Record<string, string | undefined>): number {
  const v = Number(env[TEST_INTERVAL_ENV]);
  return Number.isInteger(v) && v >= TEST_MIN_INTERVAL_MS && v < MIN_INTERVAL_MS ? v : MIN_INTERVAL_MS;
}
