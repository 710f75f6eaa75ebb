/**
 * RutaAPI: Undo Tool Setup: the tools a setup changed (the manifest in global storage), picked
 * (all by default), confirmed, then each file restored byte for byte from its backup or removed
 * when the setup created it. A file edited since the setup is kept unless the person says to
 * restore it anyway.
 */
import type { ManifestEntry } from '../../core/tools/manifest';
import type { UndoResult } from '../../core/tools/undo';
import type { ToolName } from '../../core/tools/types';
import { t } from '../../core/l10n';
import { joinShown, shown, tShown } from '../shared/shown';
import { TOOL_TITLES } from './toolNames';
import type { ToolSetupDeps, ToolsModule } from './toolSetupDeps';

async function pickTools(d: ToolSetupDeps, entries: readonly ManifestEntry[]): Promise<ToolName[] | undefined> {
  const tools = [...new Set(entries.map((e) => e.tool))];
  const items = tools.map((tool) => ({
    label: TOOL_TITLES[tool],
    detail: entries
      .filter((e) => e.tool === tool)
      .map((e) => shown(e.file, 'label'))
      .join(', '),
    picked: true,
    tool,
  }));
  const picked = await d.vs.window.showQuickPick(items, {
    title: t('Undo Tool Setup'),
    placeHolder: t('The tools whose setup to undo'),
    canPickMany: true,
  });
  return picked?.length ? picked.map((p) => p.tool) : undefined;
}

async function confirmUndo(d: ToolSetupDeps, tools: readonly ToolName[]): Promise<boolean> {
  const undo = t('Undo');
  const answer = await d.notify.modal(
    tShown('notification', 'Undo the setup of {0}?', tools.map((x) => TOOL_TITLES[x]).join(', ')),
    tShown('notification', 'Each file goes back to what it was before the setup; a file RutaAPI created is removed.'),
    undo,
  );
  return answer === undo;
}

/** Files edited since the setup: restore them anyway only when the person says so. */
async function forceChanged(d: ToolSetupDeps, m: ToolsModule, first: UndoResult): Promise<UndoResult> {
  const changed = first.skipped.filter((s) => s.reason === 'changed');
  if (!changed.length) return first;
  const restore = t('Restore Anyway');
  const answer = await d.notify.modal(
    tShown('notification', 'Edited since the setup: {0}.', changed.map((s) => s.file).join(', ')),
    tShown(
      'notification',
      'Restoring puts back the file as it was before the setup; the later edits are lost. Keep them, and the file stays as it is.',
    ),
    restore,
  );
  if (answer !== restore) return first;
  const forced = await m.undoToolSetup({ storageDir: d.storageDir, tools: [...new Set(changed.map((c) => c.tool))], force: true });
  // The forced run goes over those tools' files again: a file skipped for another reason may be named twice.
  const skipped = [...first.skipped.filter((s) => s.reason !== 'changed'), ...forced.skipped];
  return {
    restored: [...first.restored, ...forced.restored],
    skipped: skipped.filter((s, i) => skipped.findIndex((x) => x.file === s.file) === i),
  };
}

function report(d: ToolSetupDeps, r: UndoResult): void {
  const parts = [];
  if (r.restored.length) parts.push(tShown('notification', 'Put back: {0}.', r.restored.map((x) => x.file).join(', ')));
  if (r.skipped.length) parts.push(tShown('notification', 'Left as they are: {0}.', r.skipped.map((x) => x.file).join(', ')));
  d.logger.info(`Undo tool setup: ${r.restored.length} restored, ${r.skipped.map((s) => s.reason).join(', ') || 'none'} skipped`);
  const message = joinShown(...parts);
  void (r.skipped.length ? d.notify.warn(message) : d.notify.info(message));
}

export async function undoToolSetup(d: ToolSetupDeps): Promise<void> {
  const m = await d.tools.load();
  const entries = await m.toolSetupHistory({ storageDir: d.storageDir });
  if (!entries.length) return void d.notify.info(tShown('notification', 'There is no tool setup to undo.'));
  const tools = await pickTools(d, entries);
  if (!tools || !(await confirmUndo(d, tools))) return;
  const first = await m.undoToolSetup({ storageDir: d.storageDir, tools });
  report(d, await forceChanged(d, m, first));
}
