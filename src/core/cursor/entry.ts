/**
 * dist/cursor.js: the reader of Cursor's state database with sql.js, a bundle of its own so that
 * only Cursor (and `doctor cursor`) ever load SQLite; the host's Check Cursor Settings loads it too. `sql-wasm.wasm` sits next to it in dist/.
 */
export { readCursorSettings } from './reader';
/** The host diagnoses here too, so host.js carries none of the Cursor analysis. */
export { diagnoseCursor } from './diagnose';
/** With a readable key, the host's check verifies Cursor's own key (the engine handed in from dist/gateway.js). */
export { checkCursor } from './check';
