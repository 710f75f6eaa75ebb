/**
 * A tool that already has a config (set up for RutaAPI, for another gateway, or unreadable): what to
 * do with it, as a second step of Set Up Other Tools…. Check is read-only and comes first where it
 * is what people come for (a tool set up for this key, a config that does not parse); for a tool
 * set up for another gateway, setting it up for RutaAPI comes first.
 */
import { t } from '../../core/l10n';
import type { ToolRead } from '../../core/tools/types';
import { TOOL_TITLES } from './toolNames';
import { stateText } from './toolStates';
import type { ToolSetupDeps } from './toolSetupDeps';

export type ToolAction = 'check' | 'setup';

interface ActionItem {
  label: string;
  detail: string;
  action: ToolAction;
}

function checkItem(read: ToolRead): ActionItem {
  const probes = read.tool === 'codex' || read.tool === 'claude-code';
  return {
    label: `$(checklist) ${t('Check {0}', TOOL_TITLES[read.tool])}`,
    detail: probes
      ? t('Read-only: its config against your saved key and Base URL, its model, and one small request in its own protocol.')
      : t('Read-only: its config against your saved key and Base URL, and its model.'),
    action: 'check',
  };
}

function setupItem(read: ToolRead): ActionItem {
  return {
    label: `$(tools) ${t('Set Up {0} for RutaAPI…', TOOL_TITLES[read.tool])}`,
    detail: t('Pick a model and where the key goes; every change is shown before anything is written.'),
    action: 'setup',
  };
}

/** Not set up: straight to the setup. Otherwise the person chooses; undefined when dismissed. */
export async function pickToolAction(d: ToolSetupDeps, read: ToolRead): Promise<ToolAction | undefined> {
  if (read.state === 'none') return 'setup';
  const items = read.state === 'other' ? [setupItem(read), checkItem(read)] : [checkItem(read), setupItem(read)];
  const picked = await d.vs.window.showQuickPick(items, {
    title: t('Set Up Other Tools: {0}', TOOL_TITLES[read.tool]),
    placeHolder: stateText(read),
    matchOnDetail: true,
  });
  return picked?.action;
}
