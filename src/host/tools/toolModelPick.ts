/**
 * The model a tool is set up with: only the key's models that serve the tool's protocol
 * (modelsForTool). When the gateway did not say which model serves what, all of them, with a
 * warning row. The tool's current model (or the saved one) comes first.
 */
import type * as vscode from 'vscode';
import { t } from '../../core/l10n';
import type { ToolName, ToolRead } from '../../core/tools/types';
import { shown, tShown } from '../shared/shown';
import { TOOL_TITLES } from './toolNames';
import type { ToolSetupDeps, ToolsModule } from './toolSetupDeps';
import type { VerifiedTarget } from './verifiedTarget';

const PROTOCOL_WORDS: Readonly<Record<ToolName, string>> = {
  'claude-code': 'Anthropic Messages',
  codex: 'the Responses API',
  continue: 'chat completions',
  aider: 'chat completions',
  llm: 'chat completions',
};

interface ModelItem {
  label: string;
  description?: string;
  kind?: vscode.QuickPickItemKind;
  model?: string;
}

function ordered(models: string[], first: Array<string | null | undefined>): string[] {
  const front = first.filter((m): m is string => !!m && models.includes(m));
  return [...new Set([...front, ...models])];
}

export async function pickToolModel(d: ToolSetupDeps, m: ToolsModule, read: ToolRead, target: VerifiedTarget): Promise<string | undefined> {
  const tool = read.tool;
  const { models, unfiltered } = m.modelsForTool(tool, target.models, target.endpoints);
  if (!models.length) {
    void d.notify.warn(
      tShown('notification', "None of this key's models serve {0}, which {1} needs.", PROTOCOL_WORDS[tool], TOOL_TITLES[tool]),
    );
    return undefined;
  }
  const current = read.model;
  const items: ModelItem[] = ordered(models, [current, d.settings.model]).map((id) => ({
    label: shown(id, 'label'),
    description: id === current ? t('current') : undefined,
    model: id,
  }));
  if (unfiltered) {
    items.unshift({
      // A separator: read, never picked.
      label: tShown(
        'label',
        'The gateway does not say which models serve {0}: some of these may not work with {1}',
        PROTOCOL_WORDS[tool],
        TOOL_TITLES[tool],
      ),
      kind: d.vs.QuickPickItemKind.Separator,
    });
  }
  const picked = await d.vs.window.showQuickPick(items, {
    title: tShown('label', 'Set Up {0}: Model', TOOL_TITLES[tool]),
    placeHolder: tShown('label', 'The model {0} uses ({1})', TOOL_TITLES[tool], PROTOCOL_WORDS[tool]),
    matchOnDescription: true,
  });
  return picked?.model;
}
