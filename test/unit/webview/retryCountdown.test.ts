import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import { buttonStates } from '../../../src/webview/formState';
import { RetryGate, type RetryButtonView } from '../../../src/webview/retryCountdown';
import { createStrings } from '../../../src/webview/strings';
import { FakeTimer } from './fakeTimer';

const { fmt } = createStrings(webviewStrings());

/** The countdown as the panel wires it: the gate, its retry button, Verify and the live region. */
function setup() {
  const timer = new FakeTimer();
  const log = { button: [] as RetryButtonView[], ended: [] as string[], changes: 0 };
  const gate = new RetryGate(timer, fmt, () => log.changes++);
  const verifyDisabled = () =>
    buttonStates({ running: false, retryBlocked: gate.blocked, matchesVerified: false, hasWorkspace: true }).verifyDisabled;
  const start = (seconds: number) =>
    gate.start(
      seconds,
      (v) => log.button.push(v),
      (text) => log.ended.push(text),
    );
  const last = () => log.button[log.button.length - 1];
  return { timer, log, gate, verifyDisabled, start, last };
}

describe('webview Retry-After countdown', () => {
  it('counts down once a second with Verify disabled, then offers "Retry now"', () => {
    const { timer, log, gate, verifyDisabled, start, last } = setup();
    start(7);
    assert.deepEqual(last(), { label: 'Retry in 7 s', disabled: true });
    assert.equal(gate.blocked, true);
    assert.equal(verifyDisabled(), true);
    assert.equal(log.changes, 1);
    for (let left = 6; left >= 1; left--) {
      timer.advance(999);
      assert.equal(last().label, `Retry in ${left + 1} s`);
      timer.advance(1);
      assert.deepEqual(last(), { label: `Retry in ${left} s`, disabled: true });
      assert.equal(verifyDisabled(), true, `Verify still disabled with ${left} s left`);
    }
    assert.deepEqual(log.ended, []);
    timer.advance(1000);
    assert.deepEqual(last(), { label: 'Retry now', disabled: false });
    assert.deepEqual(log.ended, ['Retry now']);
    assert.equal(gate.blocked, false);
    assert.equal(verifyDisabled(), false);
    assert.equal(log.changes, 2);
    assert.equal(timer.active, 0);
    assert.equal(timer.now, 7000);
  });

  it('stops ticking once it ended', () => {
    const { timer, log, start } = setup();
    start(2);
    timer.advance(2000);
    const n = log.button.length;
    timer.advance(10_000);
    assert.equal(log.button.length, n);
    assert.deepEqual(log.ended, ['Retry now']);
  });

  it('rounds fractional seconds up', () => {
    const { timer, log, start, last } = setup();
    start(2.2);
    assert.equal(last().label, 'Retry in 3 s');
    timer.advance(2000);
    assert.equal(last().label, 'Retry in 1 s');
    timer.advance(1000);
    assert.equal(last().label, 'Retry now');
    assert.equal(log.ended.length, 1);
  });

  it('stop() (form edited, new diagnosis) lets Verify run at once and freezes the button', () => {
    const { timer, log, gate, verifyDisabled, start, last } = setup();
    start(30);
    timer.advance(3000);
    gate.stop();
    assert.equal(gate.blocked, false);
    assert.equal(verifyDisabled(), false);
    assert.equal(log.changes, 2);
    const frozen = last();
    timer.advance(60_000);
    assert.equal(last(), frozen);
    assert.deepEqual(frozen, { label: 'Retry in 27 s', disabled: true });
    assert.deepEqual(log.ended, []);
    assert.equal(timer.active, 0);
  });

  it('stop() without a countdown only reports the (unchanged) state', () => {
    const { log, gate } = setup();
    gate.stop();
    assert.equal(gate.blocked, false);
    assert.equal(log.changes, 1);
  });
});
