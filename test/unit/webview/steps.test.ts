import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import { STEP_ICON, stepDetail } from '../../../src/webview/steps';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());

describe('webview verification steps', () => {
  it('idle, running, passed and failed states', () => {
    assert.equal(stepDetail({ name: 'models', state: 'idle' }, fmt, false), 'Not run yet');
    assert.equal(stepDetail({ name: 'models', state: 'running' }, fmt, false), fmt('stepRunning'));
    assert.equal(stepDetail({ name: 'chat', state: 'ok' }, fmt, true), 'Passed');
    assert.equal(stepDetail({ name: 'chat', state: 'fail' }, fmt, true), fmt('stepFail'));
    assert.equal(STEP_ICON.running, 'sync codicon-modifier-spin');
  });

  it('an idle chat step asks for a model when the list has models but none is selected', () => {
    assert.equal(stepDetail({ name: 'chat', state: 'idle' }, fmt, true), 'Pick a model from the list to run step 2.');
    assert.equal(stepDetail({ name: 'models', state: 'idle' }, fmt, true), 'Not run yet');
  });

  it('details in a fixed order, absent and null ones left out', () => {
    assert.equal(
      stepDetail(
        { name: 'chat', state: 'ok', model: 'gpt-4o-mini', status: 200, latencyMs: 412, requestId: 'req_1', replyExcerpt: 'pong' },
        fmt,
        false,
      ),
      `Passed · gpt-4o-mini · HTTP 200 · 412 ms · request id req_1 · ${fmt('stepReply', 'pong')}`,
    );
    assert.equal(
      stepDetail({ name: 'models', state: 'fail', status: null, requestId: null, modelCount: 0 }, fmt, false),
      `${fmt('stepFail')} · ${fmt('stepModelCount', 0)}`,
    );
  });
});
