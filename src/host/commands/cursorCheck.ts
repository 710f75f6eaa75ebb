import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import { analyzeApiKey } from '../../core/apiKey';
import { t } from '../../core/l10n';
import type { checkCursor, NotSentReason } from '../../core/cursor/check';
import type { diagnoseCursor } from '../../core/cursor/diagnose';
import type { CursorFinding, CursorRead } from '../../core/cursor/types';
import type { ModelEndpoints } from '../../core/modelProtocols';
import type { VerificationResult, VerifyOptions } from '../../core/types';
import type { KeyGate } from '../connection/keyGate';
import type { ModuleLoader } from '../shared/chunkLoader';
import { cursorKeyGate, type CursorKeyGate } from './cursorKeyGate';
import { Disposable, type DisposableLike } from '../shared/disposable';
import { Emitter } from '../shared/event';
import type { Logger } from '../shared/logger';
import type { NotifyPort } from '../shared/ports';
import { shown, tShown } from '../shared/shown';

/**
 * RutaAPI: Check Cursor Settings (Cursor only). Reads Cursor's own model settings read-only with
 * dist/cursor.js (a copy of `state.vscdb`, sql.js), diagnoses them with the core engine (the saved
 * key compared by hash, the saved Base URL's known models) and shows one checklist: a row per
 * finding, whose Fix copies the value (a URL or a model id, never a key) and opens Cursor's Models
 * settings. When the window regains focus the check runs again and the checklist follows; a
 * status-bar hint says when the last check found an error.
 *
 * With a plain-text key in Cursor, the engine (dist/gateway.js) verifies Cursor's own key, Base URL
 * and model as the panel does, so a spent or wrong key is named as there; the key goes only where
 * cursorKeyGate.ts allows. A verification that passed is not repeated on focus (no new chat request
 * each time the window comes back) until the command runs again; one that failed is.
 */

/** What dist/cursor.js provides to the host (src/core/cursor/entry.ts). */
export interface CursorChunk {
  readCursorSettings(stateDb: string): Promise<CursorRead>;
  diagnoseCursor: typeof diagnoseCursor;
  checkCursor: typeof checkCursor;
}

type Verify = (options: VerifyOptions) => Promise<VerificationResult>;

export interface CursorCheckDeps {
  vs: Pick<typeof vscode, 'window' | 'commands' | 'env' | 'version' | 'StatusBarAlignment' | 'ThemeColor'>;
  notify: Pick<NotifyPort, 'info'>;
  /** `<parent of context.globalStorageUri>/state.vscdb`. */
  stateDb: string;
  loader: ModuleLoader<CursorChunk>;
  /** dist/gateway.js: the engine that verifies Cursor's own key. */
  gateway: ModuleLoader<{ verify: Verify }>;
  /** The saved key's origin gate (its question, for Cursor's key to an origin that is not RutaAPI's). */
  gate: Pick<KeyGate, 'approvedOrigins' | 'confirmCursorKeyOrigin'>;
  /** The Base URL the user verified (offered as Cursor's fix). */
  baseUrl(): string;
  savedKey(): PromiseLike<string | undefined>;
  /** The saved Base URL's model ids, when a check listed them. */
  models(): readonly string[] | undefined;
  /** What each of those models serves, when the list said. */
  modelEndpoints?(): ModelEndpoints | undefined;
  /** `rutaapi.model`: offered first when Cursor has no custom model and the list has it. */
  savedModel?(): string | undefined;
  logger: Logger;
  command: string;
}

/** Cursor's Models settings, then its settings, then the editor's: the first that exists. */
const OPEN_MODELS: ReadonlyArray<readonly [string, ...unknown[]]> = [
  ['aiSettings.action.open', 'models'],
  ['cursor.openCursorSettings'],
  ['workbench.action.openSettings'],
];

type Row = vscode.QuickPickItem & { finding?: CursorFinding };

const ICON: Record<CursorFinding['severity'], string> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

export class CursorCheck extends Disposable {
  private readonly hint: vscode.StatusBarItem;
  private pick: vscode.QuickPick<Row> | undefined;
  private lastHadError = false;
  /** Checklists on screen elsewhere (the setup panel's) that focus re-checks keep fresh. */
  private watchers = 0;
  private running: Promise<CursorFinding[]> | undefined;
  private readonly allowKey: CursorKeyGate;
  /** Verifications that passed, by key hash, Base URL and model: not repeated until the command runs again. */
  private readonly passed = new Map<string, Promise<VerificationResult>>();
  private readonly changed = this._register(new Emitter<CursorFinding[]>());
  /** Every finished check (the command, focus, start-up): the setup panel's checklist follows it. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly d: CursorCheckDeps) {
    super();
    this.allowKey = cursorKeyGate(d.gate, d.savedKey);
    this.hint = this._register(d.vs.window.createStatusBarItem('rutaapi.cursorHint', d.vs.StatusBarAlignment.Right, 99));
    this.hint.name = t('RutaAPI: Cursor Settings');
    this.hint.command = d.command;
    this._register(
      d.vs.window.onDidChangeWindowState((s) => {
        // Back from Cursor Settings (or elsewhere): check again while a checklist or the hint is up. Never asks, and a
        // verification that passed is not repeated (verifier()), so this sends nothing new for settings that work.
        if (s.focused && (this.pick || this.lastHadError || this.watchers > 0)) void this.refresh();
      }),
    );
  }

  /** A checklist on screen elsewhere (the setup panel's): focus re-checks until the returned handle is disposed. */
  watch(): DisposableLike {
    this.watchers++;
    let held = true;
    return {
      dispose: () => {
        if (held) this.watchers--;
        held = false;
      },
    };
  }

  /** The command: check, then show the checklist (kept up to date until closed). */
  async show(): Promise<void> {
    this.passed.clear();
    const findings = await this.refresh(true);
    if (this.pick) return this.pick.show();
    const pick = this.d.vs.window.createQuickPick<Row>();
    this.pick = pick;
    pick.title = t('RutaAPI: Cursor Settings');
    pick.placeholder = t('Choose a line to copy its value and open Cursor Settings → Models');
    pick.ignoreFocusOut = true;
    pick.matchOnDetail = true;
    pick.items = rows(findings);
    pick.onDidAccept(() => void this.fix(pick.selectedItems[0]?.finding));
    pick.onDidHide(() => {
      pick.dispose();
      if (this.pick === pick) this.pick = undefined;
    });
    pick.show();
  }

  /**
   * Reads and diagnoses once (a call while one runs shares it), then updates the hint and the
   * checklist. `interactive`: the person ran the command, so the key gate may ask.
   */
  refresh(interactive = false): Promise<CursorFinding[]> {
    this.running ??= this.check(interactive).finally(() => (this.running = undefined));
    return this.running.then((findings) => {
      this.lastHadError = findings.some((f) => f.severity === 'error');
      this.renderHint(findings);
      if (this.pick) this.pick.items = rows(findings);
      this.changed.fire(findings);
      return findings;
    });
  }

  private async check(interactive: boolean): Promise<CursorFinding[]> {
    try {
      const m = await this.d.loader.load();
      const read = await m.readCursorSettings(this.d.stateDb);
      const saved = await this.d.savedKey();
      const givenKey = saved ? (analyzeApiKey(saved).cleaned ?? undefined) : undefined;
      const expectedBaseUrl = this.d.baseUrl();
      const verify = await this.verifier();
      const editor = this.editor();
      const savedModel = this.d.savedModel?.() || undefined;
      const modelEndpoints = this.d.modelEndpoints?.();
      const findings = verify
        ? (
            await m.checkCursor({
              read,
              baseUrl: expectedBaseUrl,
              verify,
              compareKey: givenKey,
              knownModels: this.d.models(),
              knownEndpoints: modelEndpoints,
              savedModel,
              allowCursorKey: (origin, key) => this.allowKey(origin, key, interactive),
              notSentDetail,
              editor,
            })
          ).findings
        : m.diagnoseCursor({ read, expectedBaseUrl, givenKey, models: this.d.models(), modelEndpoints, savedModel, editor });
      this.d.logger.info(`Cursor settings check: ${findings.map((f) => f.code).join(', ') || 'no findings'}`);
      return findings;
    } catch (e) {
      this.d.logger.warn('The Cursor settings check could not run', e);
      return [{ code: 'cursor_settings_unreadable', severity: 'error', detail: t("Cursor's settings could not be read here.") }];
    }
  }

  /** The editor's name and version, for a settings shape the reader does not know; in Cursor `version` is its VS Code base. */
  private editor(): string | undefined {
    const { appName } = this.d.vs.env;
    const version = this.d.vs.version;
    return appName && version ? t('{0} (VS Code {1})', appName, version) : undefined;
  }

  /** The engine, with passed verifications kept; undefined (the check without a verification) when dist/gateway.js fails to load. */
  private async verifier(): Promise<Verify | undefined> {
    let engine: Verify;
    try {
      engine = (await this.d.gateway.load()).verify;
    } catch (e) {
      this.d.logger.warn("The engine could not be loaded: Cursor's key is not verified", e);
      return undefined;
    }
    return (o) => {
      const id = [createHash('sha256').update(o.apiKey).digest('hex'), o.baseUrl, o.model ?? '', o.chatOnly ? 'chat' : 'all'].join('\n');
      const kept = this.passed.get(id);
      if (kept) return kept;
      const run = engine(o);
      void run.then((r) => {
        if (r.ok) this.passed.set(id, run);
      });
      return run;
    };
  }

  private renderHint(findings: CursorFinding[]): void {
    const errors = findings.filter((f) => f.severity === 'error').length;
    if (errors === 0) return this.hint.hide();
    this.hint.text = `$(warning) ${t('Cursor: {0} to fix', errors)}`;
    this.hint.tooltip = tShown('label', 'RutaAPI found {0} problem(s) in Cursor Settings → Models. Click for the checklist.', errors);
    this.hint.backgroundColor = new this.d.vs.ThemeColor('statusBarItem.warningBackground');
    this.hint.show();
  }

  /** A row's Fix (the checklist's, the panel's): its value on the clipboard (never a key), then Cursor's Models settings. */
  async fix(finding: CursorFinding | undefined): Promise<void> {
    if (finding?.fix) {
      await this.d.vs.env.clipboard.writeText(finding.fix);
      void this.d.notify.info(
        tShown('notification', 'Copied {0}. Paste it in Cursor Settings → Models; the checklist updates when you come back.', finding.fix),
      );
    }
    for (const [id, ...args] of OPEN_MODELS) {
      try {
        await this.d.vs.commands.executeCommand(id, ...args);
        return;
      } catch {
        // not in this Cursor version: the next one
      }
    }
  }
}

/** The editor's words for Cursor's key not sent (the doctor's name its command-line options). */
function notSentDetail(baseUrl: string, why: NotSentReason): string {
  return why === 'refused'
    ? t(
        "Cursor's key was not sent to {0}: that server is not RutaAPI's and you have not said it may get this key. Run RutaAPI: Check Cursor Settings and choose Send to check it there.",
        baseUrl,
      )
    : t("Cursor's key was not checked: Cursor sends it to another server than {0}. Fix the Base URL in Cursor first.", baseUrl);
}

function rows(findings: CursorFinding[]): Row[] {
  if (findings.length === 0) {
    return [
      { label: `$(pass) ${t("Cursor's model settings look right")}`, detail: t('Base URL, key and models match what RutaAPI verified.') },
    ];
  }
  return findings.map((f) => ({
    label: `${ICON[f.severity]} ${f.fix ? t('Fix: copy {0}', shown(f.fix, 'label')) : t('Open Cursor Settings → Models')}`,
    description: f.code,
    detail: shown(f.detail, 'label'),
    finding: f,
  }));
}
