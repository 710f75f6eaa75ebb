import type { CursorFinding } from '../../core/cursor/types';
import { Disposable, type DisposableLike } from '../shared/disposable';
import type { Logger } from '../shared/logger';
import type { PanelCursorSource, PostToPanel } from './setupDeps';

/**
 * The "Use it in Cursor" section's checklist (Cursor only): the findings of the same check as
 * RutaAPI: Check Cursor Settings (one CursorCheck, so the command, the status-bar hint and the
 * panel agree), sent when the panel is ready and again after every later check: the window's focus regained while
 * the panel is on screen, the panel shown again, the command. A row's Fix names only its place and code: the value
 * copied is the host's own finding's, never the webview's text.
 */
export class PanelCursorChecklist extends Disposable {
  private source: PanelCursorSource | undefined;
  private findings: CursorFinding[] = [];
  /** The panel is on screen (a webview panel starts visible). */
  private visible = true;
  /** Held while the checklist is on screen: regaining focus then checks again (CursorCheck.watch). */
  private watching: DisposableLike | undefined;

  constructor(
    private readonly load: () => Promise<PanelCursorSource>,
    private readonly post: PostToPanel,
    private readonly logger: Logger,
  ) {
    super();
    this._register({ dispose: () => this.unwatch() });
  }

  /** On the panel's 'ready': reads Cursor's settings (never asks anything); later checks follow by themselves. */
  async start(): Promise<void> {
    try {
      if (!this.source) {
        this.source = await this.load();
        this._register(this.source.onDidChange((findings) => this.show(findings)));
      }
      if (this.visible) this.watching ??= this.source.watch();
      await this.source.refresh();
    } catch (e) {
      this.logger.warn('Setup panel: the Cursor checklist could not be read', e);
    }
  }

  /**
   * The panel was hidden (another tab in its group) or shown again: shown, the checklist is checked again at once
   * (settings may have changed meanwhile) and kept fresh on focus; hidden, focus no longer checks for it.
   */
  async visibilityChanged(visible: boolean): Promise<void> {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) return this.unwatch();
    if (!this.source) return;
    this.watching ??= this.source.watch();
    try {
      await this.source.refresh();
    } catch (e) {
      this.logger.warn('Setup panel: the Cursor checklist could not be read', e);
    }
  }

  private unwatch(): void {
    this.watching?.dispose();
    this.watching = undefined;
  }

  /**
   * A row's Fix, by its place in the rows last sent; its code must match too, so a click on a list the host has
   * since replaced copies nothing rather than another row's value.
   */
  async fix(index: number, code: string): Promise<void> {
    const finding = this.findings[index];
    if (!finding || finding.code !== code) {
      this.logger.info(`Setup panel: ignored a Cursor Fix for row ${index}: the current checklist has no such row with that code`);
      return;
    }
    if (!this.source) return;
    await this.source.fix(finding);
  }

  private show(findings: CursorFinding[]): void {
    this.findings = findings;
    this.post({
      type: 'cursorChecklist',
      rows: findings.map(({ code, severity, detail, fix }) =>
        fix !== undefined ? { code, severity, detail, fix } : { code, severity, detail },
      ),
    });
  }
}
