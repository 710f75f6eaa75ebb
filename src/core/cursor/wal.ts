/**
 * A checkpoint in memory: the committed frames of a `-wal` file applied to the database bytes, so
 * a reader that opens one file (sql.js) sees what SQLite itself would. sql.js opens a byte array
 * in its own in-memory file system and cannot be handed the `-wal` beside it, so the copy is
 * checkpointed here, following the WAL format (sqlite.org/fileformat2.html, "The WAL File Format"):
 * a 32-byte header (magic, version, page size, checkpoint sequence, two salts, a checksum), then
 * frames of a 24-byte header (page number, database size after a commit or 0, the salts, a running
 * checksum) and one page. Frames count only while their salts match and the running checksum holds,
 * and only up to the last commit frame; later frames for a page replace earlier ones. Pure.
 */

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;

type Sum = [number, number];

/** SQLite's WAL checksum over `bytes` (a multiple of 8 long), continuing from `sum`. */
function checksum(bytes: Uint8Array, bigEndian: boolean, sum: Sum): Sum {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let [s0, s1] = sum;
  for (let i = 0; i + 8 <= bytes.length; i += 8) {
    s0 = (s0 + view.getUint32(i, !bigEndian) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4, !bigEndian) + s0) >>> 0;
  }
  return [s0, s1];
}

interface WalHeader {
  bigEndian: boolean;
  pageSize: number;
  salt1: number;
  salt2: number;
  sum: Sum;
}

function readHeader(wal: Uint8Array): WalHeader | undefined {
  if (wal.length < WAL_HEADER) return undefined;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = view.getUint32(0);
  if (magic !== MAGIC_LE && magic !== MAGIC_BE) return undefined;
  const bigEndian = magic === MAGIC_BE;
  const pageSize = view.getUint32(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  const sum = checksum(wal.subarray(0, 24), bigEndian, [0, 0]);
  if (sum[0] !== view.getUint32(24) || sum[1] !== view.getUint32(28)) return undefined;
  return { bigEndian, pageSize, salt1: view.getUint32(16), salt2: view.getUint32(20), sum };
}

/** The committed pages of the WAL (page number → page) and the database size in pages after the last commit. */
function committedPages(wal: Uint8Array, h: WalHeader): { pages: Map<number, Uint8Array>; dbPages: number } | undefined {
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const pending = new Map<number, Uint8Array>();
  const pages = new Map<number, Uint8Array>();
  let dbPages = 0;
  let sum = h.sum;
  for (let at = WAL_HEADER; at + FRAME_HEADER + h.pageSize <= wal.length; at += FRAME_HEADER + h.pageSize) {
    const pgno = view.getUint32(at);
    const commitSize = view.getUint32(at + 4);
    if (pgno === 0 || view.getUint32(at + 8) !== h.salt1 || view.getUint32(at + 12) !== h.salt2) break;
    const page = wal.subarray(at + FRAME_HEADER, at + FRAME_HEADER + h.pageSize);
    sum = checksum(page, h.bigEndian, checksum(wal.subarray(at, at + 8), h.bigEndian, sum));
    if (sum[0] !== view.getUint32(at + 16) || sum[1] !== view.getUint32(at + 20)) break;
    pending.set(pgno, page);
    if (commitSize > 0) {
      for (const [n, p] of pending) pages.set(n, p);
      pending.clear();
      dbPages = commitSize;
    }
  }
  return dbPages > 0 ? { pages, dbPages } : undefined;
}

/**
 * The database as SQLite would read it with this WAL: committed frames applied, the size set by
 * the last commit, and the header switched to rollback mode (bytes 18 and 19 = 1) so a reader
 * without the WAL opens it as one file. Without a valid commit in the WAL, the database's own pages. Never changes `db`.
 */
export function applyWal(db: Uint8Array, wal: Uint8Array | undefined): Uint8Array {
  const header = wal ? readHeader(wal) : undefined;
  const committed = wal && header ? committedPages(wal, header) : undefined;
  if (!header || !committed) return withRollbackHeader(new Uint8Array(db));
  const out = new Uint8Array(committed.dbPages * header.pageSize);
  out.set(db.subarray(0, Math.min(db.length, out.length)));
  for (const [pgno, page] of committed.pages) {
    if (pgno <= committed.dbPages) out.set(page, (pgno - 1) * header.pageSize);
  }
  return withRollbackHeader(out);
}

/** Marks `db` (a copy this module owns) as a rollback-journal database. */
function withRollbackHeader(db: Uint8Array): Uint8Array {
  if (db.length >= 100 && db[18] === 2 && db[19] === 2) {
    db[18] = 1;
    db[19] = 1;
  }
  return db;
}
