/**
 * A chat request's failure is a diagnosis, made by the same engine as Verify (core/diagnosis), and
 * the error the editor shows is that diagnosis in words: "RutaAPI: <title>. <what to do>". Never a
 * stack trace (the error's `stack` is its message), never the key (every server text went through
 * the Scrubber inside the diagnosis, and the message is scrubbed again), never a link (the editor
 * may render the message as markdown: `inertForMarkdownText` escapes every markdown link form,
 * `[x](…)`, `<https://…>`, bare URLs, domains and e-mail addresses, and nothing else).
 * Pure TypeScript. Never throws.
 */
import { makeDiagnosis } from '../diagnosis';
import { inertForMarkdownText, inertText } from '../inertText';
import { t } from '../l10n';
import { Scrubber } from '../scrub';
import type { Diagnosis, DiagnosisCode } from '../types';
import type { ToolArgumentsError } from './stream';

/** The most characters of an error message shown in chat. */
const MAX_CHAT_ERROR_CHARS = 1200;

/** The diagnosis codes that mean the saved connection itself is broken (the status bar should follow). */
export const CONNECTION_CODES: ReadonlySet<DiagnosisCode> = new Set([
  'unauthorized',
  'key_platform_mismatch',
  'forbidden',
  'insufficient_credits',
  'missing_key',
  'invalid_key_format',
  'html_response',
  'path_not_found',
  'redirect',
]);

/** The error a chat request ends with: what the editor shows is `message`. */
export class ChatFailure extends Error {
  constructor(
    readonly diagnosis: Diagnosis,
    message: string,
    /** The gateway's x-request-id, for the log. */
    readonly requestId?: string,
  ) {
    super(message);
    // No "at …" lines anywhere the error is printed: the message is all there is to say.
    this.name = 'Error';
    this.stack = message;
  }
}

/** "RutaAPI: <title>. <detail>" — plain words, scrubbed, inert, bounded. */
export function chatErrorMessage(diagnosis: Diagnosis, secrets: readonly string[] = []): string {
  const scrubber = new Scrubber();
  for (const s of secrets) if (s) scrubber.add(s);
  const title = diagnosis.title.replace(/[.\s]+$/, '');
  const text = scrubber.scrub(t('RutaAPI: {0}. {1}', title, diagnosis.detail).replace(/\s+/g, ' ').trim());
  return inertForMarkdownText(text, { maxChars: MAX_CHAT_ERROR_CHARS });
}

export function chatFailure(diagnosis: Diagnosis, secrets: readonly string[] = [], requestId?: string): ChatFailure {
  return new ChatFailure(diagnosis, chatErrorMessage(diagnosis, secrets), requestId);
}

/** A tool call whose arguments are not JSON: nothing is run, the tool is named. */
export function diagnoseToolArguments(error: ToolArgumentsError, model: string): Diagnosis {
  const tool = inertText(error.tool, { maxChars: 120 });
  return makeDiagnosis(
    'invalid_response',
    t('The model sent a tool call that cannot be read'),
    t(
      'The arguments of the call to the tool "{0}" from {1} are not valid JSON ({2} characters), so the tool was not run. Send the request again; if it keeps happening, use another model for tools.',
      tool,
      inertText(model, { maxChars: 200 }),
      error.argumentChars,
    ),
    [{ kind: 'retry', label: t('Try again') }],
    {},
    t('Bad tool call'),
  );
}

/** A stream that ended without `[DONE]` or a finish reason: the answer is incomplete. */
export function diagnoseCutStream(host: string): Diagnosis {
  return makeDiagnosis(
    'connection_reset',
    t('The answer stopped in the middle'),
    t(
      'The connection to {0} closed before the answer was complete. This can be a network problem, a proxy, or a gateway restart; send the request again.',
      inertText(host, { maxChars: 200 }),
    ),
    [{ kind: 'retry', label: t('Try again') }],
    {},
    t('Reset'),
  );
}

/** The key may not be sent to the Base URL's origin yet (keyGate): nothing was sent. */
export function diagnoseOriginNotApproved(origin: string): Diagnosis {
  return makeDiagnosis(
    'unsafe_base_url',
    t('Confirm the server first'),
    t(
      'The saved API key was not saved for {0}, so nothing was sent. Click the RutaAPI item in the status bar (or run "RutaAPI: Verify Connection") to review the server and decide.',
      inertText(origin, { maxChars: 200 }),
    ),
    [],
    {},
    t('Confirm server'),
  );
}

/** No saved key, or a key the editor could not read. */
export function diagnoseNoSavedKey(): Diagnosis {
  return makeDiagnosis(
    'missing_key',
    t('No API key is saved'),
    t('Run "Configure RutaAPI" to verify and save a key, a Base URL and a model; the RutaAPI models then work here.'),
    [],
    {},
    t('No key'),
  );
}
