// Observing the product from inside the extension host without changing it.
//
// The suite's bundle lives inside the extension folder, so `require('vscode')` gives it the same API object as the
// product. Wrapping `window.createStatusBarItem` and `window.createOutputChannel` before the product activates lets
// the suite read the status bar item's states and every line written to the 'RutaAPI' LogOutputChannel; replacing
// `showInputBox` / `showWarningMessage` / `showQuickPick` / `showInformationMessage` answers the product's prompts.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'rutaapi.rutaapi-connect';

export interface StatusSnapshot {
  text: string;
  tooltip: string;
  background: string | undefined;
  command: string | undefined;
  visible: boolean;
}

export const probes = {
  installedBeforeActivation: false,
  statusItem: undefined as vscode.StatusBarItem | undefined,
  statusVisible: false,
  statusHistory: [] as string[],
  logLines: [] as string[],
  /** How often the product revealed the 'RutaAPI' log channel (channel.show()). */
  logShown: 0,
};

type AnyFn = (...args: never[]) => unknown;
// The vscode namespace objects are plain objects; their functions can be replaced for the duration of a test.
const win = vscode.window as unknown as Record<string, AnyFn>;

function describeStatus(item: vscode.StatusBarItem): string {
  const bg = item.backgroundColor instanceof vscode.ThemeColor ? (item.backgroundColor as unknown as { id: string }).id : '';
  return `${item.text}${bg ? ` [${bg}]` : ''}`;
}

export function installProbes(): void {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  probes.installedBeforeActivation = !!ext && !ext.isActive;
  const createStatusBarItem = win.createStatusBarItem as (...a: unknown[]) => vscode.StatusBarItem;
  win.createStatusBarItem = ((...args: unknown[]) => {
    const item = createStatusBarItem.apply(vscode.window, args);
    if (args[0] !== 'rutaapi.status') return item;
    probes.statusItem = item;
    // Record every state the product renders (text + background) in order.
    return new Proxy(item, {
      set(target, prop, value) {
        (target as unknown as Record<string | symbol, unknown>)[prop] = value;
        if (prop === 'text' || prop === 'backgroundColor') {
          const s = describeStatus(target);
          if (probes.statusHistory[probes.statusHistory.length - 1] !== s) probes.statusHistory.push(s);
        }
        return true;
      },
      get(target, prop) {
        const v = (target as unknown as Record<string | symbol, unknown>)[prop];
        if (prop === 'show')
          return () => {
            probes.statusVisible = true;
            return target.show();
          };
        if (prop === 'hide')
          return () => {
            probes.statusVisible = false;
            return target.hide();
          };
        return typeof v === 'function' ? (v as AnyFn).bind(target) : v;
      },
    });
  }) as AnyFn;
  const createOutputChannel = win.createOutputChannel as (...a: unknown[]) => vscode.LogOutputChannel;
  win.createOutputChannel = ((...args: unknown[]) => {
    const channel = createOutputChannel.apply(vscode.window, args);
    if (args[0] !== 'RutaAPI') return channel;
    const tee =
      (level: string) =>
      (message: string, ...rest: unknown[]) => {
        probes.logLines.push(`[${level}] ${message}${rest.length ? ` ${rest.map(String).join(' ')}` : ''}`);
        return (channel as unknown as Record<string, (...a: unknown[]) => void>)[level].call(channel, message, ...rest);
      };
    return new Proxy(channel, {
      get(target, prop) {
        if (typeof prop === 'string' && ['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine'].includes(prop))
          return tee(prop);
        if (prop === 'show')
          return (...a: unknown[]) => {
            probes.logShown++;
            return (target.show as (...x: unknown[]) => void)(...a);
          };
        const v = (target as unknown as Record<string | symbol, unknown>)[prop];
        return typeof v === 'function' ? (v as AnyFn).bind(target) : v;
      },
    });
  }) as AnyFn;
}

export function statusSnapshot(): StatusSnapshot | undefined {
  const item = probes.statusItem;
  if (!item) return undefined;
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
  const bg = item.backgroundColor as unknown as { id?: string } | undefined;
  const command = typeof item.command === 'string' ? item.command : item.command?.command;
  return { text: item.text, tooltip, background: bg?.id, command, visible: probes.statusVisible };
}

/** Replaces `vscode.window[name]` until the returned function is called. */
export function stubWindow(name: string, fn: AnyFn): () => void {
  const original = win[name];
  win[name] = fn;
  return () => {
    win[name] = original;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
}
