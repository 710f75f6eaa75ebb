// A Cursor state database (User/globalStorage/state.vscdb) for the real-editor scenario, built with a real SQLite
// (better-sqlite3, as test/support/cursorFixtures.ts does for the unit tests) in the documented shape
// (../shared/gateway/CURSOR-FACTS.md): ItemTable(key, value), the plain-text key row and the applicationUser JSON.
// WAL mode with the rows only in -wal, as a running Cursor leaves it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const KEY_ROW = 'cursorAuth/openAIKey';
const APP_USER_ROW = 'src.vs.platform.reactivestorage.browser.reactiveStorageServiceImpl.persistentStorage.applicationUser';
const SUFFIXES = ['', '-wal', '-shm', '-journal'];

/** Writes `file` (and its -wal/-shm) with Cursor's model settings. */
export function writeCursorStateDb(file, { baseUrl, key, models, enabledModels = models, useOpenAIKey = true }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cursor-state-'));
  try {
    const db = new Database(path.join(scratch, 'state.vscdb'));
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
    const insert = db.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)');
    insert.run('workbench.colorTheme', 'Cursor Dark');
    insert.run(KEY_ROW, key);
    const aiSettings = {
      modelConfig: { composer: { modelName: 'default' } },
      userAddedModels: models,
      modelOverrideEnabled: enabledModels,
    };
    insert.run(APP_USER_ROW, JSON.stringify({ aiSettings, openAIBaseUrl: baseUrl, useOpenAIKey, cppEnabled: true, privacyMode: true }));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Copied while the writer is open: closing would checkpoint the WAL into the main file.
    for (const s of SUFFIXES)
      if (fs.existsSync(path.join(scratch, `state.vscdb${s}`))) fs.copyFileSync(path.join(scratch, `state.vscdb${s}`), file + s);
    db.close();
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** SHA-256 of the database and each of its -wal/-shm/-journal files (null when absent). */
export function stateDbDigests(file) {
  return Object.fromEntries(
    SUFFIXES.map((s) => [
      `state.vscdb${s}`,
      fs.existsSync(file + s)
        ? crypto
            .createHash('sha256')
            .update(fs.readFileSync(file + s))
            .digest('hex')
        : null,
    ]),
  );
}
