/**
 * dist/cursor.js: the reader of Cursor's state database with sql.js, a bundle of its own so that
 * only Cursor (and `doctor cursor`) ever load SQLite. `sql-wasm.wasm` sits next to it in dist/.
 */
export { readCursorSettings } from './reader';
