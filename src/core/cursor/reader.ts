/**
 * Reads Cursor's model settings from its state database, read-only: `state.vscdb` and its `-wal`
 * and `-shm` are copied into a private temporary folder, the copy is checkpointed in memory
 * (./wal.ts) and opened with sql.js (SQLite compiled to WebAssembly), three rows are read, and the
 * folder is deleted whatever happens. The original is only ever opened for reading by the copy, so
 * a running Cursor is not disturbed and nothing it holds is changed. Never throws.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { applyWal } from './wal';
import { readApplicationUser } from './shape';
import type { CursorRead, CursorSettings } from './types';

const KEY_ROW = 'cursorAuth/openAIKey';
const SECRET_KEY_ROW = 'secret://cursorAuth/openAIKey';
const APPLICATION_USER_ROW = 'src.vs.platform.reactivestorage.browser.reactiveStorageServiceImpl.persistentStorage.applicationUser';

/** sql.js holds the whole database in memory: a state database past this is not read. */
const MAX_DB_BYTES = 1024 * 1024 * 1024;

interface ReadOptions {
  /** sql.js's `sql-wasm.wasm`; default: next to this bundle (esbuild copies it to dist/). */
  wasmPath?: string;
}

interface Copied {
  db: Uint8Array;
  wal: Uint8Array | undefined;
}

/** Copies the database and its WAL files into `dir` and reads the copies. */
function copyFiles(stateDb: string, dir: string): Copied | CursorRead {
  let size: number;
  try {
    const stat = statSync(stateDb);
    if (!stat.isFile()) return { status: 'unreadable', reason: 'copy_failed' };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { status: 'not_found' } : { status: 'unreadable', reason: 'copy_failed' };
  }
  if (size > MAX_DB_BYTES) return { status: 'unreadable', reason: 'too_large' };
  try {
    copyFileSync(stateDb, join(dir, 'state.vscdb'));
    let wal: Uint8Array | undefined;
    for (const suffix of ['-wal', '-shm']) {
      try {
        copyFileSync(`${stateDb}${suffix}`, join(dir, `state.vscdb${suffix}`));
        if (suffix === '-wal') wal = readFileSync(join(dir, 'state.vscdb-wal'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException)?.code !== 'ENOENT') throw error;
      }
    }
    if ((wal?.length ?? 0) + size > MAX_DB_BYTES) return { status: 'unreadable', reason: 'too_large' };
    return { db: readFileSync(join(dir, 'state.vscdb')), wal };
  } catch {
    return { status: 'unreadable', reason: 'copy_failed' };
  }
}

/** Reads Cursor's settings from a copy of `stateDb`. Never writes `stateDb`; never throws. */
export async function readCursorSettings(stateDb: string, options: ReadOptions = {}): Promise<CursorRead> {
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'rutaapi-cursor-'));
    const copied = copyFiles(stateDb, dir);
    if ('status' in copied) return copied;
    return await readRows(applyWal(copied.db, copied.wal), options);
  } catch {
    return { status: 'unreadable', reason: 'engine_failed' };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

type Rows = Map<string, string>;

async function readRows(bytes: Uint8Array, options: ReadOptions): Promise<CursorRead> {
  let SQL;
  try {
    const wasmBinary = readFileSync(options.wasmPath ?? join(__dirname, 'sql-wasm.wasm'));
    SQL = await initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) });
  } catch {
    return { status: 'unreadable', reason: 'engine_failed' };
  }
  let db;
  try {
    db = new SQL.Database(bytes);
  } catch {
    return { status: 'unreadable', reason: 'not_sqlite' };
  }
  let rows: Rows;
  try {
    rows = selectRows(db);
  } catch (error) {
    const message = String((error as Error)?.message ?? '');
    return { status: 'unreadable', reason: /no such table/i.test(message) ? 'no_item_table' : 'not_sqlite' };
  } finally {
    db.close();
  }
  return settingsFrom(rows);
}

function selectRows(db: import('sql.js').Database): Rows {
  const rows: Rows = new Map();
  const stmt = db.prepare('SELECT key, value FROM ItemTable WHERE key IN (?, ?, ?)');
  try {
    stmt.bind([KEY_ROW, SECRET_KEY_ROW, APPLICATION_USER_ROW]);
    while (stmt.step()) {
      const [key, value] = stmt.get();
      if (typeof key !== 'string') continue;
      if (typeof value === 'string') rows.set(key, value);
      else if (value instanceof Uint8Array) rows.set(key, new TextDecoder('utf-8').decode(value));
      else rows.set(key, '');
    }
  } finally {
    stmt.free();
  }
  return rows;
}

function settingsFrom(rows: Rows): CursorRead {
  const json = rows.get(APPLICATION_USER_ROW);
  const fields =
    json === undefined ? { baseUrl: undefined, useOpenAIKey: undefined, models: [], enabledModels: [] } : readApplicationUser(json);
  if (!fields) return { status: 'unreadable', reason: 'unknown_shape' };
  const plain = rows.get(KEY_ROW);
  const settings: CursorSettings = {
    ...fields,
    plainKey: plain !== undefined && plain.trim() !== '' ? plain : undefined,
    encryptedKey: rows.has(SECRET_KEY_ROW),
  };
  return { status: 'ok', settings };
}
