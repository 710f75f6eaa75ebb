/**
 * Cursor's own model settings as read from its state database (read-only), and the findings the
 * Cursor check reports on them. Codes are a public contract (`doctor cursor --json`): add, never rename.
 */
import type { BaseUrlFindingCode, DiagnosisCode, Severity } from '../types';

/** What the reader found in `state.vscdb`. The key itself is only in `plainKey`: never log or show it. */
export interface CursorSettings {
  /** `useOpenAIKey`: true only when Cursor has it switched on; undefined when the row or field is absent. */
  useOpenAIKey: boolean | undefined;
  /** `openAIBaseUrl` exactly as Cursor stores it, or undefined when absent. */
  baseUrl: string | undefined;
  /** The `cursorAuth/openAIKey` row's text (plain-text builds). Secret. */
  plainKey: string | undefined;
  /** The `secret://cursorAuth/openAIKey` row exists (safeStorage ciphertext: never decrypted). */
  encryptedKey: boolean;
  /** `aiSettings.userAddedModels`. */
  models: string[];
  /** `aiSettings.modelOverrideEnabled`: the added models switched on. */
  enabledModels: string[];
}

/** Why the settings could not be read (no text from the file is carried: it is the user's data). */
export type UnreadableReason = 'copy_failed' | 'too_large' | 'not_sqlite' | 'no_item_table' | 'unknown_shape' | 'engine_failed';

export type CursorRead =
  { status: 'ok'; settings: CursorSettings } | { status: 'not_found' } | { status: 'unreadable'; reason: UnreadableReason };

type CursorFindingCode =
  | 'cursor_local_base_url'
  | 'cursor_base_url_missing'
  | 'cursor_override_off'
  | 'cursor_key_missing'
  | 'cursor_key_differs'
  | 'cursor_key_encrypted'
  | 'cursor_key_not_sent'
  | 'cursor_no_custom_model'
  | 'cursor_model_unknown'
  | 'cursor_model_not_enabled'
  | 'cursor_model_rerouted'
  | 'cursor_settings_not_found'
  | 'cursor_settings_unreadable'
  /** The engine's own names: Base URL findings, diagnoses (key_platform_mismatch, a spent key…). */
  | DiagnosisCode
  | BaseUrlFindingCode;

export interface CursorFinding {
  code: CursorFindingCode;
  severity: Severity;
  /** One sentence, inert when shown; names a key by its prefix at most. */
  detail: string;
  /** The value to copy into Cursor (a URL, a model id), when there is one. */
  fix?: string;
}
