// Cursor state databases for the tests, built with a real SQLite (better-sqlite3, a devDependency)
// in the documented shape (../shared/gateway/CURSOR-FACTS.md): table ItemTable(key, value) with the
// key rows and the applicationUser JSON. `wal: true` leaves a WAL-mode database whose rows live only
// in its -wal file, as a running Cursor leaves it.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEY_ROW = 'cursorAuth/openAIKey';
export const SECRET_KEY_ROW = 'secret://cursorAuth/openAIKey';
export const APP_USER_ROW = 'src.vs.platform.reactivestorage.browser.reactiveStorageServiceImpl.persistentStorage.applicationUser';

export interface AppUser {
  openAIBaseUrl?: unknown;
  useOpenAIKey?: unknown;
  userAddedModels?: unknown;
  modelOverrideEnabled?: unknown;
}

/** The applicationUser JSON with Cursor's neighbours around the fields the check reads. */
export function appUserJson(fields: AppUser): string {
  const aiSettings: Record<string, unknown> = { modelConfig: { composer: { modelName: 'default' } }, modelOverrideDisabled: [] };
  if (fields.userAddedModels !== undefined) aiSettings.userAddedModels = fields.userAddedModels;
  if (fields.modelOverrideEnabled !== undefined) aiSettings.modelOverrideEnabled = fields.modelOverrideEnabled;
  const value: Record<string, unknown> = { aiSettings, cppEnabled: true, privacyMode: true };
  if (fields.openAIBaseUrl !== undefined) value.openAIBaseUrl = fields.openAIBaseUrl;
  if (fields.useOpenAIKey !== undefined) value.useOpenAIKey = fields.useOpenAIKey;
  return JSON.stringify(value);
}

function createTables(db: Database.Database): void {
  db.exec('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
  db.exec('CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
}

/** Writes a state database at `path` with `rows` (plus some unrelated rows Cursor keeps). */
export function writeStateDb(path: string, rows: Record<string, string | Buffer>, options: { wal?: boolean } = {}): void {
  const scratch = mkdtempSync(join(tmpdir(), 'cursor-fixture-'));
  try {
    const file = join(scratch, 'state.vscdb');
    const db = new Database(file);
    if (options.wal) {
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
    }
    createTables(db);
    const insert = db.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)');
    insert.run('workbench.colorTheme', 'Cursor Dark');
    for (const [key, value] of Object.entries(rows)) insert.run(key, value);
    db.prepare('INSERT INTO cursorDiskKV (key, value) VALUES (?, ?)').run('composerData:1', Buffer.alloc(10_000, 7));
    // Copied while the writer is open: a closing connection would checkpoint the WAL into the file.
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) copyFileSync(file + suffix, path + suffix);
    db.close();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every byte of the database and its WAL files, to prove a read left them as they were. */
export function snapshot(path: string): Record<string, Buffer | null> {
  const out: Record<string, Buffer | null> = {};
  for (const suffix of ['', '-wal', '-shm', '-journal']) out[suffix] = existsSync(path + suffix) ? readFileSync(path + suffix) : null;
  return out;
}

/** The ItemTable rows as a real SQLite reads them (with the WAL), for comparing with the reader. */
export function readWithSqlite(path: string): Map<string, string> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT key, value FROM ItemTable').all() as Array<{ key: string; value: string | Buffer }>;
    return new Map(rows.map((r) => [r.key, Buffer.isBuffer(r.value) ? r.value.toString('utf8') : r.value]));
  } finally {
    db.close();
  }
}

/** A connection holding the database's write lock with an uncommitted change, until `release()`. */
export function holdWriteLock(path: string): { release(): void } {
  const db = new Database(path);
  db.exec('BEGIN EXCLUSIVE');
  db.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)').run(KEY_ROW, 'sk-uncommitted-000000000000000000');
  return {
    release: () => {
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
