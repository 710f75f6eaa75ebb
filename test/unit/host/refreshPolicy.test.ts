import { strict as assert } from 'node:assert';
import { AccountRefreshPolicy } from '../../../src/host/account/refreshPolicy';

const MIN = 60_000;

describe('account refresh policy (fake clock)', () => {
  function policy() {
    let now = 1_000_000;
    const p = new AccountRefreshPolicy(() => now);
    const read = (outcome: 'ok' | 'rateLimited' | 'failed' = 'ok') => {
      p.started();
      p.finished(outcome);
    };
    return { p, read, advance: (ms: number) => (now += ms), now: () => now };
  }

  it('reads after each check, at most once a minute', () => {
    const s = policy();
    assert.deepEqual(s.p.decide('check'), { read: true });
    s.read();
    s.advance(30_000);
    const d = s.p.decide('check');
    assert.equal(d.read, false);
    assert.ok(!d.read && d.why === 'tooSoon' && d.retryAt === s.now() + 30_000);
    s.advance(30_000);
    assert.deepEqual(s.p.decide('check'), { read: true });
  });

  it('one read at a time', () => {
    const s = policy();
    s.p.started();
    s.advance(2 * MIN);
    const d = s.p.decide('manual');
    assert.ok(!d.read && d.why === 'inflight');
  });

  it('on focus: only when older than 5 minutes', () => {
    const s = policy();
    assert.deepEqual(s.p.decide('focus'), { read: true }, 'never read: stale');
    s.read();
    s.advance(4 * MIN);
    const fresh = s.p.decide('focus');
    assert.ok(!fresh.read && fresh.why === 'fresh');
    s.advance(MIN + 1);
    assert.deepEqual(s.p.decide('focus'), { read: true });
  });

  it('paused while the window is not focused; a check meanwhile is read on the next focus', () => {
    const s = policy();
    s.read();
    s.advance(2 * MIN);
    s.p.setFocused(false);
    const away = s.p.decide('check');
    assert.ok(!away.read && away.why === 'unfocused');
    assert.ok(!s.p.decide('focus').read, 'not focused');
    s.p.setFocused(true);
    assert.deepEqual(s.p.decide('focus'), { read: true }, 'the figures are due although younger than 5 minutes');
    s.read();
    s.advance(2 * MIN);
    assert.ok(!s.p.decide('focus').read, 'no longer due');
  });

  it('manual reads ignore focus but not the minute or the back-off', () => {
    const s = policy();
    s.p.setFocused(false);
    assert.deepEqual(s.p.decide('manual'), { read: true });
    s.read();
    assert.ok(!s.p.decide('manual').read);
  });

  it('429: exponential back-off from 1 minute, capped at 30 minutes, reset by a good read', () => {
    const s = policy();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      s.read('rateLimited');
      waits.push(s.p.backoffMs);
      const d = s.p.decide('manual');
      assert.ok(!d.read && d.why === 'backoff' && d.retryAt === s.now() + s.p.backoffMs);
      s.advance(s.p.backoffMs - 1);
      assert.ok(!s.p.decide('manual').read, 'still backing off 1 ms before the end');
      s.advance(1);
      assert.deepEqual(s.p.decide('manual'), { read: true });
    }
    assert.deepEqual(
      waits,
      [1, 2, 4, 8, 16, 30, 30, 30].map((m) => m * MIN),
    );
    s.read('ok');
    assert.equal(s.p.backoffMs, 0);
    s.advance(MIN);
    assert.deepEqual(s.p.decide('check'), { read: true });
  });

  it('a rate-limited check leaves the figures due for the next focus after the back-off', () => {
    const s = policy();
    s.read('ok');
    s.advance(MIN);
    s.read('rateLimited');
    s.advance(MIN);
    assert.deepEqual(s.p.decide('focus'), { read: true });
  });

  it('reset() forgets the last read (another key or Base URL), not the back-off', () => {
    const s = policy();
    s.read('rateLimited');
    s.p.reset();
    assert.ok(!s.p.decide('check').read);
    s.advance(MIN);
    assert.deepEqual(s.p.decide('focus'), { read: true });
  });
});
