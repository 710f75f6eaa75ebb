// A minimal, recording stand-in for the parts of the `vscode` API the host passes around as `vs`.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { Emitter } from '../../../src/host/shared/event';

export interface Script {
  inputBox?: string | undefined;
  /** Answer for show*Message: the label to "click", or undefined. */
  messageAnswer?: (message: string, items: string[]) => string | undefined;
  quickPickAnswer?: (items: any[]) => any;
  /** For createQuickPick: which label to accept once items contain it. */
  acceptLabel?: string;
}

export function fakeVscode(script: Script = {}) {
  const log: Array<{ kind: string; message: string; items?: string[] }> = [];
  const commands = new Map<string, (...a: unknown[]) => unknown>();
  const statusItems: any[] = [];
  const quickPicks: any[] = [];
  const executed: unknown[][] = [];
  const opened: string[] = [];
  let clipboard = '';
  const message =
    (kind: string) =>
    async (m: string, ...rest: any[]) => {
      const items = rest.filter((x) => typeof x === 'string');
      log.push({ kind, message: m, items });
      return script.messageAnswer?.(m, items);
    };
  const vs: any = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { Notification: 15 },
    InputBoxValidationSeverity: { Info: 1, Warning: 2, Error: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2 },
    ViewColumn: { Active: -1 },
    ThemeIcon: class {
      constructor(readonly id: string) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    MarkdownString: class {
      constructor(
        readonly value: string,
        readonly supportThemeIcons?: boolean,
      ) {}
    },
    Uri: {
      parse: (s: string) => ({ toString: () => s }),
      joinPath: (u: any, ...p: string[]) => ({ toString: () => [String(u), ...p].join('/') }),
    },
    l10n: {
      bundle: undefined,
      t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (x, i) => (a[Number(i)] === undefined ? x : String(a[Number(i)]))),
    },
    env: {
      appName: 'Visual Studio Code',
      uriScheme: 'vscode',
      clipboard: { writeText: async (t: string) => void (clipboard = t), readText: async () => clipboard },
      openExternal: async (u: any) => (opened.push(String(u)), true),
    },
    workspace: { workspaceFolders: undefined },
    commands: {
      registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => {
        commands.set(id, fn);
        return { dispose: () => commands.delete(id) };
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        executed.push([id, ...args]);
        return commands.get(id)?.(...args);
      },
    },
    window: {
      showInformationMessage: message('info'),
      showWarningMessage: message('warn'),
      showErrorMessage: message('error'),
      showInputBox: async (o: any) => {
        log.push({ kind: 'inputBox', message: o.title });
        if (script.inputBox !== undefined) o.validation = o.validateInput?.(script.inputBox);
        vs.lastInputBox = o;
        return script.inputBox;
      },
      showQuickPick: async (items: any[]) => script.quickPickAnswer?.(items),
      registerUriHandler: (h: any) => ((vs.uriHandler = h), { dispose: () => undefined }),
      withProgress: async (_o: any, task: (p: any, token: any) => Promise<unknown>) => {
        const cancel = new Emitter<void>();
        return task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: cancel.event });
      },
      createStatusBarItem: (id: string, alignment: number, priority: number) => {
        const item: any = {
          id,
          alignment,
          priority,
          shown: false,
          show() {
            this.shown = true;
          },
          hide() {},
          dispose() {},
        };
        statusItems.push(item);
        return item;
      },
      createQuickPick: () => {
        const accept = new Emitter<void>();
        const hide = new Emitter<void>();
        const button = new Emitter<any>();
        const changeValue = new Emitter<string>();
        const changeActive = new Emitter<any[]>();
        let items: any[] = [];
        // Rows the editor shows for the typed value (a case-insensitive substring of the label), sorted as VS Code's
        // sortByLabel does for these ids: labels starting with the value first, shorter first, then alphabetically.
        const visible = () => {
          const v = qp.value.trim().toLowerCase();
          const rank = (l: string) => (l.startsWith(v) ? 0 : 1);
          return items
            .filter((i) => String(i.label).toLowerCase().includes(v))
            .sort((a, b) => (v ? rank(a.label) - rank(b.label) || a.label.length - b.label.length || a.label.localeCompare(b.label) : 0));
        };
        const qp: any = {
          title: '',
          placeholder: '',
          value: '',
          busy: false,
          visible: false,
          sortByLabel: true,
          buttons: [],
          activeItems: [],
          selectedItems: [],
          onDidAccept: accept.event,
          onDidHide: hide.event,
          onDidTriggerButton: button.event,
          onDidChangeValue: changeValue.event,
          onDidChangeActive: changeActive.event,
          show() {
            qp.visible = true;
          },
          hide() {
            qp.visible = false;
            hide.fire();
          },
          dispose() {},
          triggerButton: (b: any) => button.fire(b),
          // The user's side, as VS Code 1.139 behaves: typing filters but leaves an active row the extension set (even
          // one the filter hides); an arrow key moves to the next shown row; Enter accepts the active row.
          type(text: string) {
            qp.value = text;
            if (!qp.activeItems.length && visible()[0]) qp.activeItems = [visible()[0]];
            changeValue.fire(text);
          },
          down() {
            const rows = visible();
            const next = rows[rows.indexOf(qp.activeItems[0]) + 1] ?? rows[0];
            qp.activeItems = next ? [next] : [];
            changeActive.fire(qp.activeItems);
          },
          accept() {
            qp.selectedItems = [...qp.activeItems];
            accept.fire();
          },
          get items() {
            return items;
          },
          set items(v: any[]) {
            items = v;
            const pick = script.acceptLabel && v.find((i) => i.label === script.acceptLabel);
            if (pick) {
              qp.selectedItems = [pick];
              setImmediate(() => accept.fire());
            }
          },
        };
        quickPicks.push(qp);
        return qp;
      },
    },
  };
  return { vs, log, commands, statusItems, quickPicks, executed, opened, clipboard: () => clipboard };
}
