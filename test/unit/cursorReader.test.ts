// The Cursor state-database reader (src/core/cursor/reader.ts) on databases a real SQLite wrote in
// the documented shapes: plain and encrypted keys, no rows, WAL mode with the rows only in -wal, a
// writer holding the lock, damaged files and unknown shapes. Every read leaves the original
// byte-identical and deletes its temporary copy.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCursorSettings } from '../../src/core/cursor/reader';
import { applyWal } from '../../src/core/cursor/wal';
import type { CursorRead } from '../../src/core/cursor/types';
import {
  APP_USER_ROW,
  KEY_ROW,
  SECRET_KEY_ROW,
  appUserJson,
  holdWriteLock,
  readWithSqlite,
  snapshot,
  writeStateDb,
} from '../support/cursorFixtures';

const wasmPath = join(__dirname, '../../node_modules/sql.js/dist/sql-wasm.wasm');
const KEY = 'sk-ruta-sandbox-ok-5f1c0ffee5f1c0ffee';
const GOOD = appUserJson({
  openAIBaseUrl: 'https://api.rutaapi.com/v1',
  useOpenAIKey: true,
  userAddedModels: ['deepseek-chat', 'gpt-4o'],
  modelOverrideEnabled: ['deepseek-chat'],
});

describe('Cursor state database reader', function () {
  this.timeout(20_000);
  let dir: string;
  let temp: string;
  let savedTmp: string | undefined;
  let n = 0;
  const fresh = (): string => join(dir, `state-${++n}.vscdb`);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cursor-reader-test-'));
    temp = join(dir, 'tmp');
    mkdirSync(temp);
    savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = temp; // the reader's copies go here, so the test sees that each is deleted
  });
  after(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Reads `path`, proving the original is byte-identical afterwards and no copy is left. */
  async function read(path: string): Promise<CursorRead> {
    const before = snapshot(path);
    const result = await readCursorSettings(path, { wasmPath });
    assert.deepEqual(snapshot(path), before, 'the original changed');
    assert.deepEqual(readdirSync(temp), [], 'a temporary copy was left behind');
    return result;
  }

  const settings = (r: CursorRead) => {
    assert.equal(r.status, 'ok', JSON.stringify(r));
    return (r as Extract<CursorRead, { status: 'ok' }>).settings;
  };

  it('a plain-text key and the applicationUser JSON', async () => {
    const path = fresh();
    writeStateDb(path, { [KEY_ROW]: KEY, [APP_USER_ROW]: GOOD });
    assert.deepEqual(settings(await read(path)), {
      baseUrl: 'https://api.rutaapi.com/v1',
      useOpenAIKey: true,
      models: ['deepseek-chat', 'gpt-4o'],
      enabledModels: ['deepseek-chat'],
      plainKey: KEY,
      encryptedKey: false,
    });
  });

  it('an encrypted key (secret:// row, a BLOB of ciphertext) is only noted as present', async () => {
    const path = fresh();
    writeStateDb(path, { [SECRET_KEY_ROW]: Buffer.from([0x76, 0x31, 0x30, 0xff, 0x00, 0x13, 0x37]), [APP_USER_ROW]: GOOD });
    const s = settings(await read(path));
    assert.equal(s.encryptedKey, true);
    assert.equal(s.plainKey, undefined);
  });

  it('no rows: nothing set (switch off, no URL, no key, no models)', async () => {
    const path = fresh();
    writeStateDb(path, {});
    assert.deepEqual(settings(await read(path)), {
      baseUrl: undefined,
      useOpenAIKey: undefined,
      models: [],
      enabledModels: [],
      plainKey: undefined,
      encryptedKey: false,
    });
  });

  it('WAL mode with the rows only in -wal reads what SQLite reads', async () => {
    const path = fresh();
    writeStateDb(path, { [KEY_ROW]: KEY, [APP_USER_ROW]: GOOD }, { wal: true });
    const files = snapshot(path);
    assert.ok(files['-wal'] && files['-wal'].length > 0, 'no -wal file');
    const main = files[''];
    assert.ok(main && main.length > 0, 'no database file');
    assert.equal(main[18], 2, 'not a WAL-mode database');
    // Without its -wal the file holds no ItemTable: the rows live only in the WAL.
    const alone = join(dir, 'alone.vscdb');
    copyFileSync(path, alone);
    assert.deepEqual(await read(alone), { status: 'unreadable', reason: 'no_item_table' });
    // A real SQLite on a copy (it may touch -shm) agrees with the reader.
    const copy = join(dir, 'sqlite-copy.vscdb');
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(path + suffix, copy + suffix);
    assert.equal(readWithSqlite(copy).get(KEY_ROW), KEY);
    const s = settings(await read(path));
    assert.equal(s.plainKey, KEY);
    assert.deepEqual(s.models, ['deepseek-chat', 'gpt-4o']);
  });

  it('a WAL whose last frames are torn or from an older generation counts up to its last good commit', () => {
    const path = fresh();
    writeStateDb(path, { [KEY_ROW]: KEY, [APP_USER_ROW]: GOOD }, { wal: true });
    const files = snapshot(path);
    const db = new Uint8Array(files['']!);
    const wal = new Uint8Array(files['-wal']!);
    const whole = applyWal(db, wal);
    assert.deepEqual(applyWal(db, wal.subarray(0, wal.length - 100)).length > 0, true);
    const badSalt = new Uint8Array(wal);
    badSalt[32 + 8] ^= 0xff; // first frame's salt: nothing in the WAL counts
    assert.deepEqual(applyWal(db, badSalt).length, db.length);
    assert.ok(whole.length >= db.length);
    assert.deepEqual([...db.subarray(18, 20)], [2, 2], 'applyWal changed its input');
  });

  it('a writer holding the lock with an uncommitted change: the committed state is read', async () => {
    const path = fresh();
    writeStateDb(path, { [APP_USER_ROW]: GOOD });
    const lock = holdWriteLock(path);
    try {
      const s = settings(await readCursorSettings(path, { wasmPath }));
      assert.equal(s.plainKey, undefined);
      assert.equal(s.useOpenAIKey, true);
    } finally {
      lock.release();
    }
  });

  it('a damaged file, a directory, a missing file: unreadable or not found, never a throw', async () => {
    const corrupt = fresh();
    writeFileSync(corrupt, Buffer.alloc(8192, 0x5a));
    assert.deepEqual(await read(corrupt), { status: 'unreadable', reason: 'not_sqlite' });
    const truncated = fresh();
    writeStateDb(truncated, { [APP_USER_ROW]: GOOD });
    writeFileSync(truncated, snapshot(truncated)['']!.subarray(0, 1500));
    assert.equal((await read(truncated)).status, 'unreadable');
    const folder = join(dir, 'folder.vscdb');
    mkdirSync(folder);
    assert.deepEqual(await readCursorSettings(folder, { wasmPath }), { status: 'unreadable', reason: 'copy_failed' });
    assert.deepEqual(await readCursorSettings(join(dir, 'nope', 'state.vscdb'), { wasmPath }), { status: 'not_found' });
    assert.deepEqual(await readCursorSettings(corrupt, { wasmPath: join(dir, 'missing.wasm') }), {
      status: 'unreadable',
      reason: 'engine_failed',
    });
  });

  for (const [name, json] of [
    ['not JSON', '{"openAIBaseUrl": '],
    ['an array', '[1, 2]'],
    ['useOpenAIKey as text', appUserJson({ useOpenAIKey: 'yes', openAIBaseUrl: 'https://api.rutaapi.com/v1' })],
    ['models as one string', appUserJson({ useOpenAIKey: true, userAddedModels: 'deepseek-chat' })],
    ['none of the known fields', JSON.stringify({ somethingNew: { openAI: { baseUrl: 'x' } } })],
  ] as const) {
    it(`an unknown JSON shape (${name}) is unreadable, not guessed`, async () => {
      const path = fresh();
      writeStateDb(path, { [KEY_ROW]: KEY, [APP_USER_ROW]: json });
      assert.deepEqual(await read(path), { status: 'unreadable', reason: 'unknown_shape' });
    });
  }
});
