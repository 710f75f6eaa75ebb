/**
 * The Cursor check's findings from what was read (and, when a key was usable, the ids its
 * /v1/models returned): the same analysis of Base URL, key and model as the panel, worded for
 * Cursor's own settings. Pure apart from hashing; never throws. Each finding names its fix value.
 */
import { t } from '../l10n';
import type { ModelEndpoints } from '../modelProtocols';
import { baseUrlFindings } from './baseUrlFindings';
import { keyFindings } from './keyFindings';
import { modelFindings } from './modelFindings';
import type { CursorFinding, CursorRead, UnreadableReason } from './types';

interface CursorDiagnosisInput {
  read: CursorRead;
  /** The Base URL the key and models are checked with (the doctor's --base-url), offered as the fix. */
  expectedBaseUrl: string;
  /** The key the user gave (cleaned), compared with Cursor's by hash. */
  givenKey?: string;
  /** The key's /v1/models ids, when a key was usable. */
  models?: readonly string[];
  /** What each of `models` serves (`supported_endpoint_types`), so a model to add is one that can chat. */
  modelEndpoints?: ModelEndpoints;
  /** The editor's saved model (`rutaapi.model`), preferred as the model to add when `models` lists it. */
  savedModel?: string;
  /**
   * The editor and its version ("Cursor (VS Code 1.99.3)"), named when its settings have a shape this check does not
   * know, since Cursor's shape changes between versions; absent (the doctor, which cannot tell): "version unknown".
   */
  editor?: string;
}

const MANUAL = (): string =>
  t(
    'Check by hand in Cursor Settings → Models: OpenAI API Key switched on, your RutaAPI key pasted, Override OpenAI Base URL set to https://api.rutaapi.com/v1, and a model id from /v1/models added and switched on.',
  );

const UNREADABLE: Record<UnreadableReason, (editor: string) => string> = {
  copy_failed: () => t("Cursor's settings database could not be copied (it may be locked or not readable by you)."),
  too_large: () => t("Cursor's settings database is too large to read here."),
  not_sqlite: () => t("Cursor's settings database is damaged or is not an SQLite database."),
  no_item_table: () => t("This file is not Cursor's settings database (it has no ItemTable)."),
  unknown_shape: (editor) => t('{0} stores its model settings in a shape this check does not know, so they were not read.', editor),
  engine_failed: () => t("The SQLite reader could not start, so Cursor's settings were not read."),
};

function readFailure(read: Exclude<CursorRead, { status: 'ok' }>, editor: string | undefined): CursorFinding {
  if (read.status === 'not_found') {
    return {
      code: 'cursor_settings_not_found',
      severity: 'error',
      detail: `${t("Cursor's settings database was not found: is Cursor installed and started once for this user?")} ${MANUAL()}`,
    };
  }
  return {
    code: 'cursor_settings_unreadable',
    severity: 'error',
    detail: `${UNREADABLE[read.reason](editor || t('Cursor (version unknown)'))} ${MANUAL()}`,
  };
}

export function diagnoseCursor(input: CursorDiagnosisInput): CursorFinding[] {
  const { read } = input;
  if (read.status !== 'ok') return [readFailure(read, input.editor)];
  const s = read.settings;
  const findings: CursorFinding[] = [];
  if (s.useOpenAIKey !== true) {
    findings.push({
      code: 'cursor_override_off',
      severity: 'error',
      detail: t('The OpenAI API Key switch is off in Cursor Settings → Models, so Cursor ignores the key and the Base URL. Switch it on.'),
    });
  }
  findings.push(...baseUrlFindings(s.baseUrl, input.expectedBaseUrl));
  findings.push(...keyFindings(s, input.givenKey));
  findings.push(...modelFindings(s, input.models, { endpoints: input.modelEndpoints, savedModel: input.savedModel }));
  return findings;
}
