// The terminal doctor's input and output: writing to streams whose reader may be gone, the key
// from standard input, and the scrubber that keeps a key out of everything printed.
import { Scrubber } from '../core/scrub';
import { inertForTerminal } from '../core/inertText';
import { keyFromStdin } from './args';
import { escapeJsonInvisibles } from './format';

/**
 * Streams whose reader went away (`doctor --json | head -c 10` closes the pipe: EPIPE). Writing to
 * them stops quietly: no "Unhandled 'error' event" stack trace, the exit code stays the check's.
 */
const gone = new WeakSet<NodeJS.WriteStream>();

function endQuietlyOnClosedOutput(stream: NodeJS.WriteStream): void {
  stream.on('error', () => {
    // EPIPE (reader closed) or any other write failure: nothing more can be shown on this stream.
    gone.add(stream);
  });
}
endQuietlyOnClosedOutput(process.stdout);
endQuietlyOnClosedOutput(process.stderr);

/** Resolves once the text is written, or at once when the stream can no longer be written. */
export function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (gone.has(stream) || stream.destroyed || !stream.writable) {
      resolve();
      return;
    }
    const finish = (): void => {
      stream.off('close', finish);
      resolve();
    };
    stream.once('close', finish);
    try {
      // The callback runs when the text is flushed or the write failed (EPIPE), so this never waits
      // for a 'drain' that will not come.
      stream.write(text, () => finish());
    } catch {
      gone.add(stream);
      finish();
    }
  });
}

/** The key in every form it may take in the doctor's output: raw, and as the inert/JSON escapes show it. */
export function addKey(scrubber: Scrubber, key: string | null | undefined): void {
  if (!key) return;
  for (const form of new Set([key, key.trim()])) {
    scrubber.add(form);
    scrubber.add(inertForTerminal(form));
    scrubber.add(escapeJsonInvisibles(JSON.stringify(form)).slice(1, -1));
  }
}

export async function readKeyFromStdin(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    // Interactive: read one line without echoing it.
    process.stderr.write('Paste your RutaAPI API key and press Enter (input is hidden): ');
    return new Promise((resolve) => {
      let value = '';
      stdin.setRawMode?.(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.setRawMode?.(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(value);
            return;
          }
          if (ch === '\u0003') {
            stdin.setRawMode?.(false);
            process.stderr.write('\n');
            process.exit(130);
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > 64 * 1024) break;
    chunks.push(buffer);
  }
  // The first line only (a `pass` entry's metadata follows it); the engine's key analysis cleans the rest.
  return keyFromStdin(Buffer.concat(chunks).toString('utf8'));
}
