// Issue 20's proof asks for fixture databases: every mistake the Cursor check names (the switch off, each Base URL
// mistake, an unknown, a switched-off and a rerouted model) written into a state.vscdb by a real SQLite in Cursor's
// documented shape, then read by the real reader (src/core/cursor/reader.ts, sql.js) and diagnosed, so the reader's
// field mapping and the diagnosis are checked together rather than on hand-made settings objects.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseCursor } from '../../src/core/cursor/diagnose';
import { readCursorSettings } from '../../src/core/cursor/reader';
import { APP_USER_ROW, KEY_ROW, appUserJson, writeStateDb, type AppUser } from '../support/cursorFixtures';

const wasmPath = join(__dirname, '../../node_modules/sql.js/dist/sql-wasm.wasm');
const RUTA = 'https://api.rutaapi.com/v1';
const KEY = 'sk-ruta-fixture-5e5e5e5e5e5e5e5e5e5e';
const MODELS = ['gpt-4o-mini', 'deepseek-chat', 'llama-3.3-70b-instruct'];
const GOOD: AppUser = {
  openAIBaseUrl: RUTA,
  useOpenAIKey: true,
  userAddedModels: ['deepseek-chat'],
  modelOverrideEnabled: ['deepseek-chat'],
};

interface Case {
  name: string;
  fields: AppUser;
  code: string;
  severity: 'error' | 'warning';
  /** The value the finding's Fix copies. */
  fix?: string;
}

const baseUrl = (url: string, code: string, fix: string, severity: Case['severity'] = 'error'): Case => ({
  name: `Base URL ${JSON.stringify(url)}`,
  fields: { ...GOOD, openAIBaseUrl: url },
  code,
  severity,
  fix,
});

const CASES: Case[] = [
  { name: 'the OpenAI key switch off', fields: { ...GOOD, useOpenAIKey: false }, code: 'cursor_override_off', severity: 'error' },
  { name: 'the switch never set', fields: { ...GOOD, useOpenAIKey: undefined }, code: 'cursor_override_off', severity: 'error' },
  baseUrl('https://rutaapi.com', 'marketing_site', RUTA),
  baseUrl('https://app.rutaapi.com/console/token', 'dashboard_url', RUTA),
  baseUrl('https://api.rutaapi.com/v1/chat/completions', 'endpoint_as_base_url', RUTA),
  baseUrl('https://api.rutaapi.com', 'missing_v1', RUTA),
  baseUrl('api rutaapi com', 'invalid_base_url', RUTA),
  baseUrl('http://gw.example.com/v1', 'insecure_http', 'https://gw.example.com/v1'),
  baseUrl('https://api.rutaapi.com@gw.attacker.example/v1', 'unsafe_base_url', RUTA),
  baseUrl('http://localhost:8787/v1', 'cursor_local_base_url', RUTA),
  baseUrl('https://192.168.1.20/v1', 'cursor_local_base_url', RUTA),
  baseUrl(`${RUTA}/`, 'trailing_slash', RUTA, 'warning'),
  baseUrl('', 'cursor_base_url_missing', RUTA),
  {
    name: 'an unknown model',
    fields: { ...GOOD, userAddedModels: ['deepseek-chatt'], modelOverrideEnabled: ['deepseek-chatt'] },
    code: 'cursor_model_unknown',
    severity: 'error',
    fix: 'deepseek-chat',
  },
  {
    name: 'a model switched off',
    fields: { ...GOOD, modelOverrideEnabled: [] },
    code: 'cursor_model_not_enabled',
    severity: 'warning',
  },
  {
    name: 'a name Cursor treats as its own (rerouted)',
    fields: { ...GOOD, userAddedModels: ['gpt-4o-mini'], modelOverrideEnabled: ['gpt-4o-mini'] },
    code: 'cursor_model_rerouted',
    severity: 'warning',
  },
];

describe('Cursor check on fixture databases: each mistake written to state.vscdb, read by the real reader', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'cursor-fixture-diagnose-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the settings as the guide says: read back as written, no finding', async () => {
    const path = join(dir, 'good.vscdb');
    writeStateDb(path, { [KEY_ROW]: KEY, [APP_USER_ROW]: appUserJson(GOOD) });
    const read = await readCursorSettings(path, { wasmPath });
    assert.equal(read.status, 'ok');
    assert.deepEqual(diagnoseCursor({ read, expectedBaseUrl: RUTA, givenKey: KEY, models: MODELS }), []);
  });

  CASES.forEach((c, i) => {
    it(`${c.name} → ${c.code} (${c.severity})`, async () => {
      const path = join(dir, `case-${i}.vscdb`);
      writeStateDb(path, { [KEY_ROW]: KEY, [APP_USER_ROW]: appUserJson(c.fields) }, { wal: i % 2 === 1 });
      const read = await readCursorSettings(path, { wasmPath });
      assert.equal(read.status, 'ok', JSON.stringify(read));
      const findings = diagnoseCursor({ read, expectedBaseUrl: RUTA, givenKey: KEY, models: MODELS });
      const found = findings.find((f) => f.code === c.code);
      assert.ok(found, `${c.code} missing from ${findings.map((f) => f.code).join(', ') || 'no findings'}`);
      assert.equal(found.severity, c.severity);
      assert.equal(found.fix, c.fix);
      for (const f of findings) assert.ok(!f.detail.includes(KEY.slice(8)), `the key in ${f.code}`);
    });
  });
});
