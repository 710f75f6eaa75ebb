// `doctor usage`'s pure parts: --since parsing and the command line, and the report (period of
// whole UTC days, totals, by model with nearest-rank percentiles or null, by day net of refunds).
import { strict as assert } from 'node:assert';
import { parseArgs, parseSince } from '../../../src/cli/args';
import { emptyUsageReport, periodStart, usageReport } from '../../../src/core/usage/report';
import type { UsageEntry } from '../../../src/core/usage/types';

const USD = { unit: 'USD', quotaPerUnit: 500_000, exchangeRate: 1 };
/** 2026-12-07T12:00:00Z */
const NOW = Date.UTC(2026, 11, 7, 12) / 1000;
const DAY = 86_400;

function entry(over: Partial<UsageEntry>): UsageEntry {
  return {
    id: 'x',
    time: NOW,
    type: 2,
    model: 'm',
    upstream: '',
    protocol: 'chat',
    promptTokens: 10,
    completionTokens: 5,
    cachedTokens: 2,
    quota: 500_000,
    useTimeS: 2,
    firstTokenMs: 100,
    stream: true,
    vscodeChat: false,
    ...over,
  };
}

describe('doctor usage: --since and the command line', () => {
  it('7d, 30d, any 1..3650 days, or a real UTC date; anything else is refused', () => {
    assert.deepEqual(parseSince('7d'), { days: 7 });
    assert.deepEqual(parseSince(' 30D '), { days: 30 });
    assert.deepEqual(parseSince('2026-02-28'), { date: '2026-02-28' });
    for (const bad of ['0d', '3651d', '7', 'd', 'week', '2026-02-30', '2026-2-3', '20260203', '-7d'])
      assert.equal(parseSince(bad), undefined, bad);
  });

  it('parses `usage` with its flags; --model, --state-db and a bad --since are usage errors', () => {
    assert.deepEqual(parseArgs(['usage', '--since', '7d', '--json', '--base-url', 'http://127.0.0.1:1/v1']), {
      command: 'usage',
      baseUrl: 'http://127.0.0.1:1/v1',
      json: true,
      keyStdin: false,
      since: { days: 7 },
    });
    assert.equal(parseArgs(['usage', '--since=2026-11-01']).command, 'usage');
    for (const bad of [
      ['usage', '--model', 'x'],
      ['usage', '--state-db', 'x'],
      ['usage', '--since', 'soon'],
      ['check', '--since', '7d'],
      ['usage', '--key', 'sk-x'],
    ])
      assert.equal(parseArgs(bad).command, 'usage_error', bad.join(' '));
  });
});

describe('doctor usage: the report', () => {
  it('a period of whole UTC days: 7d is today and the 6 days before; a date starts that day', () => {
    assert.equal(periodStart({ days: 7 }, NOW), '2026-12-01');
    assert.equal(periodStart({ days: 1 }, NOW), '2026-12-07');
    assert.equal(periodStart({ date: '2026-11-15' }, NOW), '2026-11-15');
    assert.equal(periodStart(undefined, NOW), undefined);
  });

  it('totals, by model and by day, cost net of refunds; rows before the period left out', () => {
    const entries = [
      entry({ id: 'a', model: 'big', quota: 1_000_000, firstTokenMs: 300 }),
      entry({ id: 'b', model: 'big', time: NOW - DAY, firstTokenMs: 100 }),
      entry({ id: 'c', model: 'small', time: NOW - DAY, quota: 50_000, firstTokenMs: -1 }),
      entry({ id: 'd', model: 'big', type: 6, quota: 250_000, time: NOW - DAY }),
      entry({ id: 'e', model: 'small', type: 5, quota: 0 }),
      // 2026-11-30 23:59:59Z: one second before the 7-day period.
      entry({ id: 'old', model: 'old', time: Date.UTC(2026, 10, 30, 23, 59, 59) / 1000 }),
    ];
    const r = usageReport(entries, USD, NOW, { days: 7 });
    assert.deepEqual(r, {
      ok: true,
      unit: 'USD',
      from: '2026-12-01',
      to: '2026-12-07',
      rows: 5,
      totals: { requests: 3, promptTokens: 30, completionTokens: 15, cachedTokens: 6, cost: 2.6, errors: 1, refunds: 1 },
      byModel: [
        {
          model: 'big',
          requests: 2,
          promptTokens: 20,
          completionTokens: 10,
          cachedTokens: 4,
          cost: 2.5,
          firstTokenMsP50: 100,
          firstTokenMsP95: 300,
        },
        {
          model: 'small',
          requests: 1,
          promptTokens: 10,
          completionTokens: 5,
          cachedTokens: 2,
          cost: 0.1,
          firstTokenMsP50: null,
          firstTokenMsP95: null,
        },
      ],
      byDay: [
        { date: '2026-12-06', requests: 2, cost: 0.6 },
        { date: '2026-12-07', requests: 1, cost: 2 },
      ],
    });
    // Without --since: every row, from the oldest row's day.
    const all = usageReport(entries, USD, NOW);
    assert.equal(all.from, '2026-11-30');
    assert.equal(all.rows, 6);
  });

  it('nothing in the period, or nothing at all: a zero report (from null without --since)', () => {
    const zero = usageReport([entry({ time: NOW - 40 * DAY })], USD, NOW, { days: 30 });
    assert.deepEqual(zero, emptyUsageReport(true, 'USD', '2026-11-08', NOW));
    assert.equal(zero.rows, 0);
    assert.equal(usageReport([], USD, NOW).from, null);
    assert.equal(emptyUsageReport(false, 'CNY', undefined, NOW).ok, false);
  });
});
