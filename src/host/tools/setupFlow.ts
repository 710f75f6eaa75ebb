/**
 * RutaAPI: Set Up Other Tools…: a tool (one already configured: Check it or set it up, toolActionPick.ts),
 * a model that fits its protocol, where the key goes, a diff
 * preview, then a modal before anything is written (and a second one, "Don't Write" by default,
 * when a file would hold the key in plain text). Written with a backup and a manifest, so Undo
 * Tool Setup can put every file back.
 */
import type { ToolPlan } from '../../core/tools/plan';
import type { ToolRead } from '../../core/tools/types';
import { t } from '../../core/l10n';
import { tShown } from '../shared/shown';
import { chooseKeyStorage, type KeyChoice } from './keyStoragePick';
import { checkTool } from './toolCheckView';
import { confirmApply, confirmPlainText, problemMessage, setUpMessage } from './toolMessages';
import { pickToolAction } from './toolActionPick';
import { pickToolModel } from './toolModelPick';
import { TOOL_TITLES } from './toolNames';
import { isPresent } from './toolPresence';
import { openPreview, previewScrubber } from './toolPreview';
import { toolRows } from './toolStates';
import type { ToolSetupDeps, ToolsModule } from './toolSetupDeps';
import { verifiedTarget, type VerifiedTarget } from './verifiedTarget';

async function pickTool(d: ToolSetupDeps, reads: readonly ToolRead[], target: VerifiedTarget): Promise<ToolRead | undefined> {
  const hasExtension = (id: string) => d.vs.extensions?.getExtension(id) !== undefined;
  const rows = toolRows(reads, (r) => isPresent(r, d.toolEnv, hasExtension));
  const picked = await d.vs.window.showQuickPick(rows, {
    title: t('Set Up Other Tools'),
    placeHolder: tShown('label', 'Pick a tool to use your RutaAPI key and {0}', target.baseUrl),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.read;
}

/** Writes the plan after the questions; true when written. */
async function write(d: ToolSetupDeps, m: ToolsModule, plan: ToolPlan, choice: KeyChoice): Promise<boolean> {
  if (!(await confirmApply(d, plan))) return false;
  if (plan.keyInPlainText.length > 0 && !(await confirmPlainText(d, plan))) {
    void d.notify.info(tShown('notification', 'Nothing was written.'));
    return false;
  }
  const applied = await m.applyToolPlan(plan, { storageDir: d.storageDir });
  if (!applied.ok) {
    void d.notify.error(problemMessage(plan.tool, applied.problem));
    return false;
  }
  d.logger.info(`Tool setup: ${plan.tool} written (${applied.files.length} file(s), key ${plan.keyStorage})`);
  if (choice.turnOnTerminals) await d.settings.update('terminalEnvironment', true, 'user');
  return true;
}

async function offerCheck(
  d: ToolSetupDeps,
  m: ToolsModule,
  plan: ToolPlan,
  target: VerifiedTarget,
  message: ReturnType<typeof setUpMessage>,
) {
  const check = t('Check');
  if ((await d.notify.info(message, check)) === check) await checkTool(d, m, plan.tool, target);
}

export async function setUpOtherTools(d: ToolSetupDeps): Promise<void> {
  const target = await verifiedTarget(d);
  if (!target) return;
  const m = await d.tools.load();
  const reads = await m.readTools({ env: d.toolEnv, target: { baseUrl: target.baseUrl, key: target.key } });
  const read = await pickTool(d, reads, target);
  if (!read) return;
  const action = await pickToolAction(d, read);
  if (action === 'check') return checkTool(d, m, read.tool, target);
  if (action !== 'setup') return;
  if (read.state === 'unreadable' && read.problem) return void d.notify.error(problemMessage(read.tool, read.problem));
  const model = await pickToolModel(d, m, read, target);
  if (!model) return;
  const choice = await chooseKeyStorage(d, m, read.tool);
  if (!choice) return;
  const key = choice.storage === 'file' ? { storage: 'file' as const, key: target.key } : { storage: 'environment' as const };
  const outcome = await m.planToolSetup(read.tool, { env: d.toolEnv, setup: { baseUrl: target.baseUrl, model, key } });
  if (!outcome.ok) return void d.notify.error(problemMessage(read.tool, outcome.problem));
  const plan = outcome.plan;
  if (plan.edits.length === 0) {
    if (choice.turnOnTerminals) await d.settings.update('terminalEnvironment', true, 'user');
    const same = tShown('notification', '{0} is already set up for RutaAPI with {1}.', TOOL_TITLES[plan.tool], plan.model);
    return offerCheck(d, m, plan, target, same);
  }
  // Every key the file holds now (Claude Code's ANTHROPIC_API_KEY beside its token too) stays out of the preview.
  const held = (read.settings?.otherKeys ?? []).map((o) => (o.kind === 'file' ? o.text : undefined));
  await openPreview(d.vs, plan, previewScrubber([target.key, read.settings?.plainKey?.text, ...held]));
  if (!(await write(d, m, plan, choice))) return;
  await offerCheck(
    d,
    m,
    plan,
    target,
    setUpMessage(
      plan,
      plan.edits.map((e) => e.file),
    ),
  );
}
