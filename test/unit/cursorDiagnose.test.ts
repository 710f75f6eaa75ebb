// The Cursor check's findings (src/core/cursor/diagnose.ts) from settings as the reader returns
// them: every Base URL mistake, the switch, the key and the custom models. No key in any detail.
import { strict as assert } from 'node:assert';
import { checkCursor } from '../../src/core/cursor/check';
import { diagnoseCursor } from '../../src/core/cursor/diagnose';
import type { CursorFinding, CursorSettings } from '../../src/core/cursor/types';
import { fakeResult } from './host/fakes';

const RUTA = 'https://api.rutaapi.com/v1';
const KEY = 'sk-ruta-5e5e5e5e5e5e5e5e5e5e5e5e';
const MODELS = ['gpt-4o-mini', 'deepseek-chat', 'llama-3.3-70b-instruct'];

function settings(over: Partial<CursorSettings> = {}): CursorSettings {
  return {
    useOpenAIKey: true,
    baseUrl: RUTA,
    plainKey: KEY,
    encryptedKey: false,
    models: ['deepseek-chat'],
    enabledModels: ['deepseek-chat'],
    ...over,
  };
}

function diagnose(over: Partial<CursorSettings> = {}, extra: { givenKey?: string; models?: string[] } = {}): CursorFinding[] {
  const findings = diagnoseCursor({ read: { status: 'ok', settings: settings(over) }, expectedBaseUrl: RUTA, models: MODELS, ...extra });
  for (const f of findings) {
    assert.ok(!f.detail.includes(KEY.slice(6)), `key in ${f.code}`);
    assert.ok(f.detail.trim().length > 0);
  }
  return findings;
}

const codes = (findings: CursorFinding[]) => findings.map((f) => `${f.code}:${f.severity}`);
const find = (findings: CursorFinding[], code: string) => findings.find((f) => f.code === code);

describe('Cursor diagnosis', () => {
  it('everything as the guide says: no finding', () => {
    assert.deepEqual(diagnose(), []);
  });

  const mistakes: Array<[string, string, string, string | undefined]> = [
    ['the website', 'https://rutaapi.com', 'marketing_site', RUTA],
    ['the dashboard', 'https://app.rutaapi.com/console/token', 'dashboard_url', RUTA],
    ['a full endpoint', 'https://api.rutaapi.com/v1/chat/completions', 'endpoint_as_base_url', RUTA],
    ['no /v1', 'https://api.rutaapi.com', 'missing_v1', RUTA],
    ['not a URL', 'api rutaapi com', 'invalid_base_url', RUTA],
    ['plain http', 'http://gw.example.com/v1', 'insecure_http', 'https://gw.example.com/v1'],
    ['a host hidden behind user info', 'https://api.rutaapi.com@gw.attacker.example/v1', 'unsafe_base_url', RUTA],
    ['localhost', 'http://localhost:8787/v1', 'cursor_local_base_url', RUTA],
    ['a private address', 'https://192.168.1.20/v1', 'cursor_local_base_url', RUTA],
  ];
  for (const [name, url, code, fix] of mistakes) {
    it(`Base URL: ${name} → ${code} (error) with the URL to copy`, () => {
      const f = find(diagnose({ baseUrl: url }), code);
      assert.ok(f, `${code} missing`);
      assert.equal(f.severity, 'error');
      assert.equal(f.fix, fix);
    });
  }

  it('Base URL: a trailing slash is a warning with the corrected URL; empty is cursor_base_url_missing', () => {
    assert.deepEqual(find(diagnose({ baseUrl: `${RUTA}/` }), 'trailing_slash'), {
      code: 'trailing_slash',
      severity: 'warning',
      detail: `The Base URL in Cursor ends in a slash, so Cursor asks for …//chat/completions. Use ${RUTA}.`,
      fix: RUTA,
    });
    for (const baseUrl of [undefined, '', '  ']) {
      assert.deepEqual(codes(diagnose({ baseUrl })), ['cursor_base_url_missing:error']);
      assert.equal(find(diagnose({ baseUrl }), 'cursor_base_url_missing')?.fix, RUTA);
    }
  });

  it('the switch off: cursor_override_off (error)', () => {
    assert.deepEqual(codes(diagnose({ useOpenAIKey: false })), ['cursor_override_off:error']);
    assert.deepEqual(codes(diagnose({ useOpenAIKey: undefined })), ['cursor_override_off:error']);
  });

  it('the key: missing, encrypted, another platform, malformed, not the key given', () => {
    assert.deepEqual(codes(diagnose({ plainKey: undefined })), ['cursor_key_missing:error']);
    assert.deepEqual(codes(diagnose({ plainKey: undefined, encryptedKey: true })), ['cursor_key_encrypted:info']);
    const anthropic = diagnose({ plainKey: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz' });
    assert.deepEqual(codes(anthropic), ['key_platform_mismatch:error']);
    assert.ok(!anthropic[0].detail.includes('abcdefghij'));
    assert.deepEqual(codes(diagnose({ plainKey: 'sk-ruta abc def ghi jkl mno' })), ['invalid_key_format:error']);
    const differs = diagnose({}, { givenKey: 'sk-ruta-0000000000000000000000000' });
    assert.deepEqual(codes(differs), ['cursor_key_differs:warning']);
    assert.match(differs[0].detail, /\(sk-ru…\) is not the key checked here \(sk-ru…\)/);
    assert.deepEqual(diagnose({ plainKey: `  ${KEY}\n` }, { givenKey: KEY }), [], 'the same key, pasted with spaces');
  });

  it('models: none added, unknown (with the closest id), switched off, a name Cursor treats as its own', () => {
    const none = diagnose({ models: [], enabledModels: [] });
    assert.deepEqual(codes(none), ['cursor_no_custom_model:warning']);
    assert.equal(none[0].fix, 'gpt-4o-mini');
    const unknown = find(diagnose({ models: ['deepseek-chatt'], enabledModels: ['deepseek-chatt'] }), 'cursor_model_unknown');
    assert.equal(unknown?.severity, 'error');
    assert.equal(unknown?.fix, 'deepseek-chat');
    assert.deepEqual(codes(diagnose({ models: ['deepseek-chat'], enabledModels: [] })), ['cursor_model_not_enabled:warning']);
    for (const id of ['gpt-4o-mini', 'claude-3-5-sonnet', 'o3-mini', 'gemini-2.5-pro']) {
      const f = find(diagnose({ models: [id], enabledModels: [id] }, { models: [...MODELS, id] }), 'cursor_model_rerouted');
      assert.equal(f?.severity, 'warning', id);
    }
    assert.equal(
      find(diagnose({ models: ['llama-3.3-70b-instruct'], enabledModels: ['llama-3.3-70b-instruct'] }), 'cursor_model_rerouted'),
      undefined,
    );
    // Without the key's list, an unknown model cannot be named.
    const unlisted = diagnoseCursor({
      read: { status: 'ok', settings: settings({ models: ['x-model'], enabledModels: ['x-model'] }) },
      expectedBaseUrl: RUTA,
    });
    assert.deepEqual(unlisted, []);
  });

  it('not found and unreadable: one error each, with the manual checklist', () => {
    const notFound = diagnoseCursor({ read: { status: 'not_found' }, expectedBaseUrl: RUTA });
    assert.deepEqual(codes(notFound), ['cursor_settings_not_found:error']);
    for (const reason of ['copy_failed', 'too_large', 'not_sqlite', 'no_item_table', 'unknown_shape', 'engine_failed'] as const) {
      const f = diagnoseCursor({ read: { status: 'unreadable', reason }, expectedBaseUrl: RUTA });
      assert.deepEqual(codes(f), ['cursor_settings_unreadable:error']);
      assert.match(f[0].detail, /Check by hand in Cursor Settings → Models/);
    }
  });

  describe('no custom model: the model to add (issue 20 review, item 5)', () => {
    const LISTED = ['text-embedding-3-small', 'deepseek-chat', 'qwen-plus'];
    const ENDPOINTS = { 'text-embedding-3-small': ['embeddings'], 'deepseek-chat': ['openai'], 'qwen-plus': ['openai', 'anthropic'] };
    const none = (extra: { modelEndpoints?: Record<string, string[]>; savedModel?: string; models?: string[] }) =>
      diagnoseCursor({
        read: { status: 'ok', settings: settings({ models: [], enabledModels: [] }) },
        expectedBaseUrl: RUTA,
        models: LISTED,
        ...extra,
      });

    it('the saved model when the list has it; else the first that can chat, never an embedding model listed first', () => {
      assert.equal(none({ modelEndpoints: ENDPOINTS, savedModel: 'qwen-plus' })[0].fix, 'qwen-plus');
      assert.equal(none({ modelEndpoints: ENDPOINTS })[0].fix, 'deepseek-chat');
      assert.equal(none({ modelEndpoints: ENDPOINTS, savedModel: 'gone-model' })[0].fix, 'deepseek-chat', 'saved but not listed');
      assert.equal(
        none({ modelEndpoints: ENDPOINTS, savedModel: 'text-embedding-3-small' })[0].fix,
        'deepseek-chat',
        'saved but it cannot chat',
      );
      assert.equal(none({ savedModel: 'qwen-plus' })[0].fix, 'qwen-plus', 'a gateway that names no endpoint types');
    });

    it('nothing in the list can chat: no value to copy (the row opens Cursor Settings → Models)', () => {
      const [f] = none({ models: ['text-embedding-3-small'], modelEndpoints: ENDPOINTS });
      assert.equal(f.code, 'cursor_no_custom_model');
      assert.equal(f.fix, undefined);
    });

    it("through checkCursor: the verification's endpoint types choose the model (the doctor's path)", async () => {
      const check = await checkCursor({
        read: { status: 'ok', settings: settings({ models: [], enabledModels: [] }) },
        baseUrl: RUTA,
        verify: async (o) => ({ ...fakeResult(o, true), models: LISTED, modelEndpoints: ENDPOINTS }),
      });
      const f = find(check.findings, 'cursor_no_custom_model');
      assert.equal(f?.fix, 'deepseek-chat');
    });
  });

  it('a settings shape this check does not know names the Cursor version (unknown when the caller cannot tell)', () => {
    const read = { status: 'unreadable', reason: 'unknown_shape' } as const;
    const named = diagnoseCursor({ read, expectedBaseUrl: RUTA, editor: 'Cursor (VS Code 1.99.3)' });
    assert.match(named[0].detail, /^Cursor \(VS Code 1\.99\.3\) stores its model settings in a shape this check does not know/);
    const unknown = diagnoseCursor({ read, expectedBaseUrl: RUTA });
    assert.match(unknown[0].detail, /^Cursor \(version unknown\) stores its model settings/);
  });
});
