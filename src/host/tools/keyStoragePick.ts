/**
 * Where the key goes for a tool that can take it either way (keyStoragesOf): written into its
 * file, or read from the environment that the integrated terminals get from
 * rutaapi.terminalEnvironment. Choosing it while that setting is off asks before turning it on.
 */
import { t } from '../../core/l10n';
import type { KeyStorage, ToolName } from '../../core/tools/types';
import { tShown } from '../shared/shown';
import { TOOL_TITLES } from './toolNames';
import type { ToolSetupDeps, ToolsModule } from './toolSetupDeps';

/** The variable each tool reads the key from when it is not in a file (core/tools' adapters). */
const KEY_VARIABLES: Readonly<Record<ToolName, string>> = {
  'claude-code': 'ANTHROPIC_AUTH_TOKEN',
  codex: 'RUTAAPI_API_KEY',
  continue: 'RUTAAPI_API_KEY',
  aider: 'OPENAI_API_KEY',
  llm: 'OPENAI_API_KEY',
};

export interface KeyChoice {
  storage: KeyStorage;
  /** Turn rutaapi.terminalEnvironment on once the setup is written. */
  turnOnTerminals: boolean;
}

async function pickStorage(d: ToolSetupDeps, tool: ToolName, storages: readonly KeyStorage[]): Promise<KeyStorage | undefined> {
  if (storages.length < 2) return storages[0];
  // The tool's usual place first (keyStoragesOf's order).
  const items = storages.map((storage) =>
    storage === 'environment'
      ? {
          label: `$(terminal) ${t('From the environment')}`,
          detail: tShown(
            'label',
            '{0} reads {1}; the integrated terminals get it from RutaAPI (rutaapi.terminalEnvironment).',
            TOOL_TITLES[tool],
            KEY_VARIABLES[tool],
          ),
          storage,
        }
      : {
          label: `$(file) ${t('In the config file')}`,
          detail: t('Written in plain text: works in any terminal, and anyone who can read the file can use the key.'),
          storage,
        },
  );
  const picked = await d.vs.window.showQuickPick(items, {
    title: tShown('label', 'Set Up {0}: API Key', TOOL_TITLES[tool]),
    placeHolder: t('Where the tool finds your API key'),
  });
  return picked?.storage;
}

/** Asks before turning the terminal environment on; undefined when the question was dismissed. */
async function terminalsQuestion(d: ToolSetupDeps, tool: ToolName): Promise<boolean | undefined> {
  if (d.settings.get('terminalEnvironment')) return false;
  const turnOn = t('Turn On');
  const leaveOff = t('Leave Off');
  const answer = await d.notify.modal(
    tShown(
      'notification',
      '{0} will read your key from {1}. Give the integrated terminals your saved key and Base URL?',
      TOOL_TITLES[tool],
      KEY_VARIABLES[tool],
    ),
    tShown(
      'notification',
      'This turns on the setting rutaapi.terminalEnvironment (kept in memory, trusted workspaces only). Outside VS Code, set {0} yourself.',
      KEY_VARIABLES[tool],
    ),
    turnOn,
    leaveOff,
  );
  if (answer === undefined) return undefined;
  return answer === turnOn;
}

export async function chooseKeyStorage(d: ToolSetupDeps, m: ToolsModule, tool: ToolName): Promise<KeyChoice | undefined> {
  const storage = await pickStorage(d, tool, m.keyStoragesOf(tool));
  if (!storage) return undefined;
  if (storage === 'file') return { storage, turnOnTerminals: false };
  const turnOnTerminals = await terminalsQuestion(d, tool);
  return turnOnTerminals === undefined ? undefined : { storage, turnOnTerminals };
}
