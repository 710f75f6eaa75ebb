/**
 * The key Cursor holds: missing, encrypted (Electron safeStorage: never decrypted, so it can only be
 * checked by pasting it again), another platform's, malformed, or not the key the user verified.
 * Keys are compared by SHA-256 and named by their prefix at most.
 */
import { createHash } from 'node:crypto';
import { t } from '../l10n';
import { analyzeApiKey, keyPrefix } from '../apiKey';
import type { CursorFinding, CursorSettings } from './types';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The findings on Cursor's key; `givenKey` is the key the user gave the doctor (cleaned), if any. */
export function keyFindings(settings: CursorSettings, givenKey: string | undefined): CursorFinding[] {
  if (settings.plainKey === undefined) {
    if (settings.encryptedKey) {
      return [
        {
          code: 'cursor_key_encrypted',
          severity: 'info',
          detail: t(
            'Cursor keeps its OpenAI API Key encrypted, so it is not read here. If requests fail with 401, paste your RutaAPI key into Cursor Settings → Models → OpenAI API Key again.',
          ),
        },
      ];
    }
    return [
      {
        code: 'cursor_key_missing',
        severity: 'error',
        detail: t('Cursor has no OpenAI API Key. Paste your RutaAPI key into Cursor Settings → Models → OpenAI API Key.'),
      },
    ];
  }
  const key = analyzeApiKey(settings.plainKey);
  const prefix = keyPrefix(key.cleaned ?? settings.plainKey.trim());
  if (key.foreignPlatform) {
    return [
      {
        code: 'key_platform_mismatch',
        severity: 'error',
        detail: t(
          "Cursor's OpenAI API Key ({0}) looks like a key from {1}, not from RutaAPI, so RutaAPI rejects it. Paste your RutaAPI key there.",
          prefix,
          key.foreignPlatform,
        ),
      },
    ];
  }
  if (key.cleaned === null) {
    const reasons = key.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    return [{ code: 'invalid_key_format', severity: 'error', detail: `${t("Cursor's OpenAI API Key:")} ${reasons.join(' ')}` }];
  }
  if (givenKey !== undefined && sha256(key.cleaned) !== sha256(givenKey)) {
    return [
      {
        code: 'cursor_key_differs',
        severity: 'warning',
        detail: t(
          "Cursor's OpenAI API Key ({0}) is not the key checked here ({1}). If Cursor's requests fail, paste the checked key into Cursor Settings → Models → OpenAI API Key.",
          prefix,
          keyPrefix(givenKey),
        ),
      },
    ];
  }
  return [];
}
