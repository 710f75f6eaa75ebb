// A minimal `vscode` stand-in for the activation benchmark. Known APIs get small real
// implementations (configuration defaults, l10n, EventEmitter, Uri, enums); everything else is a
// recording auto-proxy, so the benchmark keeps working as the extension grows. Every call is
// recorded in `calls` (e.g. "window.createStatusBarItem", "secrets.get") so the benchmark can
// assert that activate() did no keychain work.
'use strict';
const { performance } = require('node:perf_hooks');

const calls = [];
/** When each kind of call happened first (performance.now()), e.g. the status bar item's show(). */
const firstCallAt = new Map();
const record = (name) => {
  calls.push(name);
  if (!firstCallAt.has(name)) firstCallAt.set(name, performance.now());
};

function format(message, args) {
  return String(message).replace(/\{(\d+)\}/g, (m, i) => (args[i] !== undefined ? String(args[i]) : m));
}

/** A function proxy: any property is another auto-proxy; calling or constructing records the path. */
function auto(path) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // never look like a Promise
      if (prop === Symbol.toPrimitive) return () => `[vscode:${path}]`;
      if (prop === 'toString' || prop === 'toJSON') return () => `[vscode:${path}]`;
      if (prop === 'dispose') return () => record(`${path}.dispose`);
      if (typeof prop === 'symbol') return undefined;
      if (!cache.has(`${path}.${prop}`)) cache.set(`${path}.${prop}`, auto(`${path}.${prop}`));
      return cache.get(`${path}.${prop}`);
    },
    set() {
      return true;
    },
    apply() {
      record(path);
      return auto(`${path}()`);
    },
    construct() {
      record(`new ${path}`);
      return auto(`${path}#instance`);
    },
  });
}
const cache = new Map();

const disposable = (name) => ({ dispose: () => record(`${name}.dispose`) });

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(value) {
    for (const l of [...this.listeners]) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose()));
  }
  dispose() {
    if (this.fn) this.fn();
  }
}

class Uri {
  constructor(scheme, authority, path, query, fragment) {
    Object.assign(this, { scheme, authority, path, query: query || '', fragment: fragment || '' });
    this.fsPath = path;
  }
  static file(p) {
    return new Uri('file', '', p);
  }
  static parse(s) {
    const u = new URL(s);
    return new Uri(u.protocol.replace(':', ''), u.host, u.pathname, u.search.slice(1), u.hash.slice(1));
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, base.authority, [base.path, ...parts].join('/').replace(/\/+/g, '/'));
  }
  static from(c) {
    return new Uri(c.scheme, c.authority || '', c.path || '', c.query, c.fragment);
  }
  with(change) {
    return Object.assign(new Uri(this.scheme, this.authority, this.path, this.query, this.fragment), change);
  }
  toString() {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
  toJSON() {
    return this.toString();
  }
}

class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}
class ThemeIcon {
  constructor(id, color) {
    this.id = id;
    this.color = color;
  }
}
ThemeIcon.File = new ThemeIcon('file');
ThemeIcon.Folder = new ThemeIcon('folder');
class MarkdownString {
  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
    this.isTrusted = false;
  }
  appendText(t) {
    this.value += t;
    return this;
  }
  appendMarkdown(t) {
    this.value += t;
    return this;
  }
  appendCodeblock(t) {
    this.value += '\n```\n' + t + '\n```\n';
    return this;
  }
}
class CancellationTokenSource {
  constructor() {
    const emitter = new EventEmitter();
    this.token = { isCancellationRequested: false, onCancellationRequested: emitter.event };
    this.emitter = emitter;
  }
  cancel() {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose() {}
}

function configuration(section) {
  return {
    get(key, defaultValue) {
      record(`workspace.getConfiguration(${section || ''}).get`);
      return defaultValue;
    },
    has() {
      return false;
    },
    inspect() {
      return undefined;
    },
    update() {
      record('workspace.configuration.update');
      return Promise.resolve();
    },
  };
}

function statusBarItem(id) {
  record('window.createStatusBarItem');
  return {
    id,
    text: '',
    tooltip: undefined,
    command: undefined,
    name: undefined,
    backgroundColor: undefined,
    color: undefined,
    accessibilityInformation: undefined,
    alignment: 1,
    priority: 0,
    show: () => record('statusBarItem.show'),
    hide: () => record('statusBarItem.hide'),
    dispose: () => record('statusBarItem.dispose'),
  };
}

function outputChannel(name) {
  record('window.createOutputChannel');
  const noop = () => {};
  return {
    name,
    logLevel: 2,
    onDidChangeLogLevel: () => disposable('onDidChangeLogLevel'),
    append: noop,
    appendLine: noop,
    replace: noop,
    clear: noop,
    show: noop,
    hide: noop,
    dispose: noop,
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
  };
}

/** Known members first; `then`, symbols and `__esModule` stay undefined; the rest auto-proxies. */
function fallback(target, prop, prefix) {
  if (prop in target) return target[prop];
  if (typeof prop === 'symbol' || prop === 'then' || prop === '__esModule' || prop === 'default') return undefined;
  return auto(prefix ? `${prefix}.${prop}` : prop);
}

const event = (name) => () => disposable(name);

const window = new Proxy(
  {
    createStatusBarItem: (idOrAlignment) => statusBarItem(typeof idOrAlignment === 'string' ? idOrAlignment : undefined),
    createOutputChannel: (name) => outputChannel(name),
    registerWebviewViewProvider: () => (record('window.registerWebviewViewProvider'), disposable('webviewViewProvider')),
    registerWebviewPanelSerializer: () => (record('window.registerWebviewPanelSerializer'), disposable('serializer')),
    registerUriHandler: () => (record('window.registerUriHandler'), disposable('uriHandler')),
    onDidChangeActiveTextEditor: event('onDidChangeActiveTextEditor'),
    onDidChangeWindowState: event('onDidChangeWindowState'),
    showInformationMessage: () => (record('window.showInformationMessage'), Promise.resolve(undefined)),
    showWarningMessage: () => (record('window.showWarningMessage'), Promise.resolve(undefined)),
    showErrorMessage: () => (record('window.showErrorMessage'), Promise.resolve(undefined)),
    state: { focused: true },
  },
  { get: (t, p) => fallback(t, p, 'window') },
);

const workspace = new Proxy(
  {
    getConfiguration: (section) => configuration(section),
    onDidChangeConfiguration: event('onDidChangeConfiguration'),
    isTrusted: true,
    workspaceFolders: undefined,
  },
  { get: (t, p) => fallback(t, p, 'workspace') },
);

const commands = new Proxy(
  {
    registerCommand: (id) => (record(`commands.registerCommand:${id}`), disposable(`command ${id}`)),
    executeCommand: (id) => (record(`commands.executeCommand:${id}`), Promise.resolve(undefined)),
  },
  { get: (t, p) => fallback(t, p, 'commands') },
);

const vscodeModule = new Proxy(
  {
    version: '1.96.0',
    EventEmitter,
    Disposable,
    Uri,
    ThemeColor,
    ThemeIcon,
    MarkdownString,
    CancellationTokenSource,
    StatusBarAlignment: { Left: 1, Right: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2, Three: 3 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    UIKind: { Desktop: 1, Web: 2 },
    window,
    workspace,
    commands,
    env: new Proxy(
      { language: 'en', appName: 'Visual Studio Code', uiKind: 1, machineId: 'bench', sessionId: 'bench', remoteName: undefined },
      { get: (t, p) => fallback(t, p, 'env') },
    ),
    l10n: {
      t: (message, ...args) => (typeof message === 'object' ? format(message.message, message.args || []) : format(message, args)),
      bundle: undefined,
      uri: undefined,
    },
  },
  { get: (t, p) => fallback(t, p, '') },
);

function memento(name) {
  const store = new Map();
  return {
    get: (k, d) => (record(`${name}.get`), store.has(k) ? store.get(k) : d),
    update: (k, v) => (record(`${name}.update`), store.set(k, v), Promise.resolve()),
    keys: () => [...store.keys()],
    setKeysForSync: () => {},
  };
}

/** An ExtensionContext. Keychain access (`secrets.*`) is recorded and would be flagged. */
function createContext(extensionPath) {
  const onDidChange = new EventEmitter();
  const secretStore = new Map();
  const base = Uri.file(extensionPath);
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: base,
    extensionMode: 1,
    extension: { id: 'rutaapi.rutaapi-connect', extensionUri: base, extensionPath, packageJSON: { version: '0.0.0' } },
    globalState: memento('globalState'),
    workspaceState: memento('workspaceState'),
    secrets: {
      get: (k) => (record('secrets.get'), Promise.resolve(secretStore.get(k))),
      store: (k, v) => (record('secrets.store'), secretStore.set(k, v), Promise.resolve()),
      delete: (k) => (record('secrets.delete'), secretStore.delete(k), Promise.resolve()),
      keys: () => (record('secrets.keys'), Promise.resolve([...secretStore.keys()])),
      onDidChange: onDidChange.event,
    },
    globalStorageUri: Uri.file('/tmp/rutaapi-bench/global'),
    storageUri: undefined,
    logUri: Uri.file('/tmp/rutaapi-bench/log'),
    logPath: '/tmp/rutaapi-bench/log',
    asAbsolutePath: (p) => `${extensionPath}/${p}`,
    environmentVariableCollection: auto('context.environmentVariableCollection'),
  };
}

module.exports = { vscodeModule, createContext, calls, firstCallAt };
