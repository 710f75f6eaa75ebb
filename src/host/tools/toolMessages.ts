/** The setup's notifications and modals: every file name and parser message from a config is inert. */
import { t } from '../../core/l10n';
import type { ToolPlan } from '../../core/tools/plan';
import type { ConfigProblem, ToolName } from '../../core/tools/types';
import type { ShownText } from '../shared/shown';
import { joinShown, tShown } from '../shared/shown';
import { TOOL_TITLES } from './toolNames';
import type { ToolSetupDeps } from './toolSetupDeps';

export function problemMessage(tool: ToolName, p: ConfigProblem): ShownText {
  const where =
    p.line !== undefined
      ? tShown('notification', '{0} cannot be set up: {1}, line {2}: {3}', TOOL_TITLES[tool], p.file, p.line, p.detail)
      : tShown('notification', '{0} cannot be set up: {1}: {2}', TOOL_TITLES[tool], p.file, p.detail);
  return joinShown(where, tShown('notification', 'Nothing was changed.'));
}

/** The modal before anything is written, naming each file. */
export async function confirmApply(d: ToolSetupDeps, plan: ToolPlan): Promise<boolean> {
  const apply = t('Apply');
  const answer = await d.notify.modal(
    tShown('notification', 'Set up {0} for RutaAPI with {1}?', TOOL_TITLES[plan.tool], plan.model),
    joinShown(
      tShown('notification', 'Changes {0}, as the diff shows.', plan.edits.map((e) => e.file).join(', ')),
      tShown('notification', 'A backup of each file is kept next to it; RutaAPI: Undo Tool Setup puts the files back.'),
    ),
    apply,
  );
  return answer === apply;
}

/** The key in plain text: named file by file, and "Don't Write" is the default. */
export async function confirmPlainText(d: ToolSetupDeps, plan: ToolPlan): Promise<boolean> {
  const dontWrite = t("Don't Write");
  const write = t('Write Key in Plain Text');
  const answer = await d.notify.modal(
    tShown('notification', '{0} will hold your RutaAPI API key in plain text.', plan.keyInPlainText.join(', ')),
    tShown(
      'notification',
      'Anyone who can read the file can use the key. Where the tool allows it, keeping the key in the environment writes no key.',
    ),
    dontWrite,
    write,
  );
  return answer === write;
}

export function setUpMessage(plan: ToolPlan, files: readonly string[]): ShownText {
  const done = tShown('notification', '{0} is set up for RutaAPI with {1}: {2}.', TOOL_TITLES[plan.tool], plan.model, files.join(', '));
  if (!plan.keyVariable) return done;
  return joinShown(done, tShown('notification', 'It reads the key from {0}: open a new integrated terminal to use it.', plan.keyVariable));
}
