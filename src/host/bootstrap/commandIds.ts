/** Command ids (docs/CONTRACTS.md). */
export const COMMANDS = {
  configure: 'rutaapi.configure',
  selectModel: 'rutaapi.selectModel',
  verify: 'rutaapi.verify',
  setApiKey: 'rutaapi.setApiKey',
  removeApiKey: 'rutaapi.removeApiKey',
  copySupportReport: 'rutaapi.copySupportReport',
  showLogs: 'rutaapi.showLogs',
  openDashboard: 'rutaapi.openDashboard',
  showAccount: 'rutaapi.showAccount',
  /** The usage ledger (dist/usage.js): charts and a table of the key's requests. */
  showUsage: 'rutaapi.showUsage',
  clearUsageHistory: 'rutaapi.clearUsageHistory',
  /** Other tools' configs (dist/toolSetup.js with dist/tools.js): Claude Code, Codex CLI, Continue, aider, llm. */
  setUpOtherTools: 'rutaapi.setUpOtherTools',
  undoToolSetup: 'rutaapi.undoToolSetup',
  /** Cursor only (hidden elsewhere by the `rutaapi.isCursor` context key). */
  checkCursorSettings: 'rutaapi.checkCursorSettings',
  /** Internal: the status bar item's click (not in the palette). */
  statusActions: 'rutaapi.statusActions',
} as const;

/** Not a command: the id the bootstrap's URI handler (`onUri`) forwards links under. */
export const HANDLE_URI = 'rutaapi.handleUri';
