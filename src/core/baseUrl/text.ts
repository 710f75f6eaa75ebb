/**
 * Phase 1 of the Base URL analysis: the text as typed or pasted, before it is read as a URL.
 * Whitespace around it is a harmless paste artefact; whitespace or invisible characters inside it
 * mean something else was pasted along, and no correction would be a safe guess.
 */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL } from '../constants';
import type { BaseUrlFinding } from '../types';
import { finding, unparseable } from './finding';

/** Longer text is not a Base URL (and would only slow the analysis down). */
const MAX_URL_LENGTH = 2048;

/** The trimmed text, or undefined when the analysis must stop (the reason is in `findings`). */
export function readText(rawInput: string, findings: BaseUrlFinding[]): string | undefined {
  const trimmed = rawInput.trim();

  if (trimmed.length === 0) {
    findings.push(
      finding('empty', 'error', t("The Base URL is empty. RutaAPI's Base URL is {0}.", RUTAAPI_BASE_URL), {
        suggestedUrl: RUTAAPI_BASE_URL,
      }),
    );
    return undefined;
  }
  if (trimmed !== rawInput) {
    findings.push(finding('whitespace', 'info', t('Removed spaces or line breaks around the Base URL.')));
  }
  // eslint-disable-next-line no-control-regex -- control characters pasted into the URL are what this finds
  if (/[\s\u0000-\u001f\u007f\u200b-\u200d\u2060\ufeff]/.test(trimmed)) {
    findings.push(
      finding(
        'whitespace',
        'error',
        t(
          'The Base URL contains spaces, line breaks or invisible characters inside it. Paste only the API root, for example {0}.',
          RUTAAPI_BASE_URL,
        ),
        { suggestedUrl: RUTAAPI_BASE_URL },
      ),
    );
    return undefined;
  }

  if (trimmed.length > MAX_URL_LENGTH) {
    findings.push(
      unparseable(
        t(
          'This text is too long to be a Base URL ({0} characters). Enter the API root, for example {1}.',
          trimmed.length,
          RUTAAPI_BASE_URL,
        ),
      ),
    );
    return undefined;
  }
  return trimmed;
}
