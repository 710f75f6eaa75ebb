import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import type { InitState } from '../../../src/protocol/messages';
import {
  buttonStates,
  changedFields,
  followSavedSettings,
  FormState,
  keyHint,
  modelForVerify,
  restoreForm,
  type FormValues,
} from '../../../src/webview/formState';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());
const BASE = 'https://api.rutaapi.com/v1';
const form: FormValues = { baseUrl: BASE, apiKey: 'sk-ruta-test-0001', model: 'gpt-4o-mini' };
const initState = (over: Partial<InitState> = {}): InitState => ({
  baseUrl: '',
  defaultBaseUrl: BASE,
  model: '',
  hasKey: false,
  isCursor: false,
  hasWorkspace: true,
  useBaseUrlAsEntered: false,
  ...over,
});

describe('webview form state', () => {
  it('changedFields names the fields that differ from the verified values', () => {
    assert.deepEqual(changedFields(form, form), []);
    assert.deepEqual(changedFields(form, { ...form, apiKey: 'other' }), ['apiKey']);
    assert.deepEqual(changedFields(form, { baseUrl: 'x', apiKey: 'y', model: 'z' }), ['baseUrl', 'apiKey', 'model']);
  });

  it('nothing matches before a verification passed', () => {
    const s = new FormState();
    assert.equal(s.verified, undefined);
    assert.equal(s.matches(form), false);
  });

  it('a passed verification makes the values it started with the verified ones (Save-ready)', () => {
    const s = new FormState();
    s.begin(form);
    assert.deepEqual(s.pending, { baseUrl: BASE, apiKey: form.apiKey });
    s.finish(true, 'gpt-4o-mini');
    assert.equal(s.pending, undefined);
    assert.deepEqual(s.verified, form);
    assert.equal(s.matches(form), true);
  });

  it('the verified values are the ones sent, not what the fields hold when the host answers', () => {
    const s = new FormState();
    s.begin(form);
    const typedSince = { ...form, apiKey: 'sk-ruta-typed-later' };
    s.finish(true, 'gpt-4o-mini');
    assert.equal(s.matches(typedSince), false);
    assert.equal(s.matches(form), true);
  });

  it('the verified model is the one the host names', () => {
    const s = new FormState();
    s.begin(form);
    s.finish(true, 'gpt-4.1');
    assert.deepEqual(s.verified, { ...form, model: 'gpt-4.1' });
    assert.equal(s.matches(form), false);
  });

  it('a failed, cancelled or model-less verification verifies nothing', () => {
    for (const [ok, model] of [
      [false, 'gpt-4o-mini'],
      [true, undefined],
      [true, ''],
    ] as const) {
      const s = new FormState();
      s.begin(form);
      s.finish(ok, model);
      assert.equal(s.verified, undefined);
      assert.equal(s.pending, undefined);
    }
    const s = new FormState();
    s.finish(true, 'gpt-4o-mini'); // no verification was running
    assert.equal(s.verified, undefined);
  });

  it('editing any field makes the form dirty: the verification is forgotten, even if the edit is undone', () => {
    for (const field of ['baseUrl', 'apiKey', 'model'] as const) {
      const s = new FormState();
      s.begin(form);
      s.finish(true, form.model);
      s.edited(form); // an edit that changes nothing keeps it
      assert.equal(s.matches(form), true);
      s.edited({ ...form, [field]: 'changed' });
      assert.equal(s.verified, undefined, field);
      s.edited(form);
      assert.equal(s.matches(form), false, field);
    }
  });

  it('forgetVerified drops the verification (new run, saved)', () => {
    const s = new FormState();
    s.begin(form);
    s.finish(true, form.model);
    s.forgetVerified();
    assert.equal(s.matches(form), false);
  });
});

describe('webview form buttons', () => {
  const idle = { running: false, retryBlocked: false, matchesVerified: false, hasWorkspace: true };

  it('idle: Verify enabled, Cancel and Save disabled', () => {
    assert.deepEqual(buttonStates(idle), {
      verifyDisabled: false,
      cancelDisabled: true,
      saveDisabled: true,
      workspaceScopeDisabled: false,
    });
  });

  it('running: only Cancel', () => {
    assert.deepEqual(buttonStates({ ...idle, running: true, matchesVerified: true }), {
      verifyDisabled: true,
      cancelDisabled: false,
      saveDisabled: true,
      workspaceScopeDisabled: false,
    });
  });

  it('a Retry-After wait disables Verify only', () => {
    const b = buttonStates({ ...idle, retryBlocked: true, matchesVerified: true });
    assert.equal(b.verifyDisabled, true);
    assert.equal(b.cancelDisabled, true);
    assert.equal(b.saveDisabled, false);
  });

  it('Save is enabled exactly when the form matches the verified values and nothing runs', () => {
    assert.equal(buttonStates({ ...idle, matchesVerified: true }).saveDisabled, false);
    assert.equal(buttonStates({ ...idle, matchesVerified: false }).saveDisabled, true);
  });

  it('the workspace scope needs a workspace (unknown before init: enabled)', () => {
    assert.equal(buttonStates({ ...idle, hasWorkspace: false }).workspaceScopeDisabled, true);
    assert.equal(buttonStates({ ...idle, hasWorkspace: undefined }).workspaceScopeDisabled, false);
  });
});

describe('webview model to verify', () => {
  const models = ['gpt-4o-mini', 'gpt-4o', 'claude-3-5-sonnet'];

  it('the selection when the filter is empty', () => {
    assert.equal(modelForVerify('  ', 'gpt-4o', models), 'gpt-4o');
    assert.equal(modelForVerify('', '', models), '');
  });

  it('a typed id that is listed', () => {
    assert.equal(modelForVerify(' gpt-4o-mini ', 'claude-3-5-sonnet', models), 'gpt-4o-mini');
  });

  it('the selection when the typed text only filters (it or other ids match)', () => {
    assert.equal(modelForVerify('MINI', 'gpt-4o-mini', models), 'gpt-4o-mini');
    assert.equal(modelForVerify('claude', 'gpt-4o', models), 'gpt-4o');
  });

  it('an unknown typed id as typed (the engine reports it)', () => {
    assert.equal(modelForVerify('gpt-4o-mimi', 'gpt-4o', models), 'gpt-4o-mimi');
    assert.equal(modelForVerify('my-model', '', []), 'my-model');
  });
});

describe('webview restored state', () => {
  it('what the panel kept wins; otherwise the saved settings, then the default Base URL', () => {
    assert.deepEqual(
      restoreForm(
        { baseUrl: 'https://x/v1', model: 'm', scope: 'workspace', filter: 'gp' },
        initState({ baseUrl: 'https://y/v1', model: 'n' }),
      ),
      {
        baseUrl: 'https://x/v1',
        model: 'm',
        scope: 'workspace',
        filter: 'gp',
      },
    );
    assert.deepEqual(restoreForm(undefined, initState({ baseUrl: 'https://y/v1', model: 'n' })), { baseUrl: 'https://y/v1', model: 'n' });
    assert.deepEqual(restoreForm(undefined, initState()), { baseUrl: BASE, model: '' });
  });

  it('ignores kept values of the wrong type, and the workspace scope without a workspace', () => {
    assert.deepEqual(
      restoreForm({ baseUrl: 1, model: null, scope: 'workspace', filter: 2 }, initState({ hasWorkspace: false, model: 'n' })),
      { baseUrl: BASE, model: 'n' },
    );
    assert.deepEqual(restoreForm({ scope: 'user', baseUrl: '' }, initState()), { baseUrl: '', model: '' });
  });
});

describe('webview saved settings changed elsewhere', () => {
  const init = initState({ baseUrl: 'https://old/v1', model: 'old-model' });

  it('fields still showing the old saved values follow', () => {
    const r = followSavedSettings(init, { baseUrl: 'https://old/v1', model: 'old-model' }, [], {
      baseUrl: 'https://new/v1',
      model: 'new-model',
    });
    assert.deepEqual(r, {
      init: { ...init, baseUrl: 'https://new/v1', model: 'new-model' },
      baseUrl: 'https://new/v1',
      model: 'new-model',
    });
  });

  it('what the user typed stays', () => {
    const r = followSavedSettings(init, { baseUrl: 'https://typed/v1', model: 'typed' }, [], {
      baseUrl: 'https://new/v1',
      model: 'new-model',
    });
    assert.deepEqual(r, { init: { ...init, baseUrl: 'https://new/v1', model: 'new-model' } });
  });

  it('a model follows only if the loaded list has it', () => {
    const form = { baseUrl: 'https://typed/v1', model: 'old-model' };
    assert.equal(followSavedSettings(init, form, ['a', 'b'], { baseUrl: 'https://old/v1', model: 'new-model' }).model, undefined);
    assert.equal(followSavedSettings(init, form, ['new-model'], { baseUrl: 'https://old/v1', model: 'new-model' }).model, 'new-model');
  });

  it('the default Base URL counts as the old saved one when none was saved', () => {
    const r = followSavedSettings(initState(), { baseUrl: BASE, model: '' }, [], { baseUrl: 'https://new/v1', model: '' });
    assert.equal(r.baseUrl, 'https://new/v1');
    assert.equal(r.model, undefined);
  });
});

describe('webview saved-key hint', () => {
  it('shows the redacted key, or hides', () => {
    assert.deepEqual(keyHint(true, 'sk-ru…abcd', fmt), {
      hidden: false,
      text: 'A key is already saved (sk-ru…abcd). Leave the field empty to use it.',
    });
    assert.deepEqual(keyHint(true, undefined, fmt), {
      hidden: false,
      text: 'A key is already saved (…). Leave the field empty to use it.',
    });
    assert.deepEqual(keyHint(false, 'sk-ru…abcd', fmt), { hidden: true, text: '' });
  });
});
