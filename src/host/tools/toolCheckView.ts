/**
 * Check, after a setup or for a tool already configured: the tool's config read again and checked with the
 * engine's vocabulary, the key's models listed, and for Codex and Claude Code one tiny request in
 * their own protocol (core/tools checkTools). The findings in a quick pick, severity by icon, each
 * detail inert. The key goes only to the saved Base URL's origin, which the gate approved.
 */
import { t } from '../../core/l10n';
import type { ToolEnv, ToolFinding, ToolName, ToolRead } from '../../core/tools/types';
import type { Severity } from '../../core/types';
import { servesAnthropic, terminalVariables } from '../connection/terminalVariables';
import { shown, tShown } from '../shared/shown';
import { TOOL_TITLES } from './toolNames';
import { stateText } from './toolStates';
import type { ToolSetupDeps, ToolsModule } from './toolSetupDeps';
import type { VerifiedTarget } from './verifiedTarget';

const ICONS: Readonly<Record<Severity, string>> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

/**
 * The environment the tool runs in: the integrated terminals', with exactly the variables
 * rutaapi.terminalEnvironment gives them (ANTHROPIC_* only in a trusted workspace and for a key with a
 * model that serves Anthropic), so a variable the terminals lack is still reported missing.
 */
export function checkEnvironment(d: Pick<ToolSetupDeps, 'vs' | 'settings' | 'toolEnv'>, target: VerifiedTarget): ToolEnv {
  const vars = terminalVariables({
    enabled: d.settings.get('terminalEnvironment') === true,
    trusted: d.vs.workspace.isTrusted,
    normalized: target.baseUrl,
    key: target.key,
    anthropic: servesAnthropic(target.endpoints),
  });
  return vars ? { ...d.toolEnv, env: { ...d.toolEnv.env, ...Object.fromEntries(vars) } } : d.toolEnv;
}

export function findingItems(
  findings: readonly ToolFinding[],
  probed: boolean,
  read?: ToolRead,
): Array<{ label: string; detail?: string }> {
  const items: Array<{ label: string; detail?: string }> = findings.map((f) => ({
    label: `${ICONS[f.severity]} ${shown(f.code, 'label')}`,
    detail: shown(f.detail, 'label'),
  }));
  if (read?.state === 'other') {
    // Another gateway's key and models are not checked: "no problems" would claim more than was looked at.
    items.unshift({
      label: `$(arrow-swap) ${stateText(read)}`,
      detail: t('Its key and model belong to that gateway and are not checked here. Set it up for RutaAPI to use your saved key.'),
    });
  } else if (!findings.some((f) => f.severity === 'error')) {
    const ok = probed ? t('No problems found; a test request in its own protocol was answered.') : t('No problems found.');
    items.unshift({ label: `$(pass) ${ok}` });
  }
  return items;
}

export async function checkTool(d: ToolSetupDeps, m: ToolsModule, tool: ToolName, target: VerifiedTarget): Promise<void> {
  const report = await d.vs.window.withProgress(
    {
      location: d.vs.ProgressLocation.Notification,
      title: tShown('label', 'RutaAPI: checking {0}…', TOOL_TITLES[tool]),
      cancellable: true,
    },
    (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return m.checkTools({
        env: checkEnvironment(d, target),
        baseUrl: target.baseUrl,
        key: target.key,
        verify: (o) => d.verify(o),
        timeoutMs: d.settings.timeoutMs,
        signal: controller.signal,
        only: tool,
      });
    },
  );
  const mine = report.tools.find((r) => r.read.tool === tool);
  if (!mine) return;
  d.logger.info(`Tool check ${tool}: ${mine.findings.map((f) => f.code).join(', ') || 'no findings'}`);
  await d.vs.window.showQuickPick(findingItems(mine.findings, mine.probe?.ok === true, mine.read), {
    title: tShown('label', 'Check {0}', TOOL_TITLES[tool]),
    placeHolder: shown(mine.read.file, 'label'),
    matchOnDetail: true,
  });
}
