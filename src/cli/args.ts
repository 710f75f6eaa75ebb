// Argument parsing for the terminal doctor. Pure: returns a parsed command or a usage error.
import { RUTAAPI_BASE_URL } from '../core/constants';
import { t } from '../core/l10n';

export interface CheckArgs {
  command: 'check';
  baseUrl: string;
  model?: string;
  timeoutMs?: number;
  json: boolean;
  keyStdin: boolean;
}

/** `doctor cursor`: Cursor's own model settings, read from a copy of its state database. */
export interface CursorArgs {
  command: 'cursor';
  /** The state database; default: Cursor's for this user and OS (core/cursor/paths). */
  stateDb?: string;
  baseUrl: string;
  timeoutMs?: number;
  json: boolean;
  keyStdin: boolean;
}

export type ParsedArgs = CheckArgs | CursorArgs | { command: 'help' } | { command: 'usage_error'; message: string };

export const USAGE = `RutaAPI doctor: verify a RutaAPI key, Base URL and model from the terminal.

Usage:
  npm run doctor -- check [--base-url URL] [--model ID] [--timeout S] [--json] [--key-stdin]
  npm run doctor -- cursor [--state-db PATH] [--base-url URL] [--timeout S] [--json] [--key-stdin]
  node dist/cli.js check [options]
  node dist/cli.js help

cursor: reads Cursor's own model settings from a copy of its state database (never changes it)
and checks its Base URL, key switch, key and custom models. The key and models are checked
against --base-url with the key given as for check or, without one, Cursor's own plain-text key.

Options:
  --base-url URL   Base URL to check (default ${RUTAAPI_BASE_URL})
  --model ID       Also send a tiny test chat request with this model id
                   (without it only GET /models runs and the returned ids are listed)
  --state-db PATH  cursor: Cursor's state.vscdb (default: Cursor's for this user)
  --timeout S      Overall deadline in seconds (default 15)
  --json           Print exactly one JSON object (see docs/DOCTOR-JSON.md)
  --key-stdin      Read the API key from standard input instead of RUTAAPI_API_KEY:
                   its first line only (a pass entry's other lines are ignored)

The API key comes from the RUTAAPI_API_KEY environment variable or, with --key-stdin, from
standard input. It is never accepted as a command-line argument: arguments end up in shell
history and are visible to other users in the process list.

Exit codes: 0 all checks passed, 1 a problem was diagnosed, 2 usage error.
`;

const KEY_HINT = ' API keys are never accepted as arguments: set RUTAAPI_API_KEY or pipe the key with --key-stdin.';

/**
 * An argument as it may be echoed in an error: only short, word-like text is shown, anything else
 * could be a key pasted on the command line and is never printed.
 */
function shown(arg: string): string {
  const word = arg.startsWith('-') ? /^--?[a-z][a-z0-9-]{0,22}$/ : /^[a-z][a-z-]{0,11}$/;
  return word.test(arg) && !/^-*sk-/.test(arg) ? `"${arg}"` : '(not shown: it may be a secret)';
}

const KEY_FLAGS = new Set(['--key', '--api-key', '--apikey', '-k', '--token']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args = [...argv];
  if (args.length === 0) return { command: 'help' };
  const command = args.shift() as string;
  if (command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'cursor') return parseCheck(args, 'cursor');
  if (command !== 'check') {
    if (command.startsWith('-')) return parseCheck([command, ...args]);
    return { command: 'usage_error', message: `Unknown command ${shown(command)}. Use "check", "cursor" or "help".${KEY_HINT}` };
  }
  return parseCheck(args);
}

type Options = Omit<CheckArgs, 'command'> & { stateDb?: string };

/** `--state-db`, `--model` and `--timeout` with their value into `result`; the usage error, if any. */
function readValueFlag(flag: string, v: string | undefined, command: 'check' | 'cursor', result: Options): string | undefined {
  if (flag === '--state-db') {
    if (command !== 'cursor') return '--state-db belongs to "doctor cursor".';
    if (v === undefined || v.trim() === '') return "--state-db needs the path of Cursor's state.vscdb.";
    result.stateDb = v;
  } else if (flag === '--model') {
    if (command === 'cursor') return '"doctor cursor" checks the models added in Cursor; --model belongs to "doctor check".';
    if (v === undefined || v.trim() === '') return '--model needs a model id returned by /v1/models.';
    result.model = v.trim();
  } else {
    const seconds = v === undefined ? NaN : Number(v);
    if (v === undefined || !/^\d+(\.\d+)?$/.test(v.trim()) || !Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
      return t('--timeout needs a number of seconds greater than 0 and at most 600, e.g. --timeout 15');
    }
    // Milliseconds; a positive value below 1 ms is 1 ms (0 would mean "use the default").
    result.timeoutMs = Math.max(1, Math.round(seconds * 1000));
  }
  return undefined;
}

function parseCheck(args: string[], command: 'check' | 'cursor' = 'check'): ParsedArgs {
  const result: Options = { baseUrl: RUTAAPI_BASE_URL, json: false, keyStdin: false };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) return undefined;
      i += 1;
      return next;
    };
    if (KEY_FLAGS.has(flag)) {
      return {
        command: 'usage_error',
        message: `${flag} is not accepted: an API key on the command line ends up in shell history and in the process list. Set RUTAAPI_API_KEY or pipe the key with --key-stdin.`,
      };
    }
    switch (flag) {
      case '--help':
      case '-h':
        return { command: 'help' };
      case '--json':
        result.json = true;
        break;
      case '--key-stdin':
        result.keyStdin = true;
        break;
      case '--base-url': {
        const v = value();
        if (v === undefined)
          return { command: 'usage_error', message: '--base-url needs a URL, e.g. --base-url https://api.rutaapi.com/v1' };
        result.baseUrl = v;
        break;
      }
      case '--state-db':
      case '--model':
      case '--timeout': {
        const error = readValueFlag(flag, value(), command, result);
        if (error) return { command: 'usage_error', message: error };
        break;
      }
      default:
        return flag.startsWith('-')
          ? { command: 'usage_error', message: `Unknown option ${shown(flag)}.` }
          : { command: 'usage_error', message: `Unexpected argument ${shown(flag)}.${KEY_HINT}` };
    }
  }
  if (command === 'cursor') {
    const { model: _unused, ...rest } = result;
    return { command: 'cursor', ...rest };
  }
  const { stateDb: _none, ...check } = result;
  return { command: 'check', ...check };
}

/**
 * The key in what `--key-stdin` read from a pipe: its first line only. A password-store entry
 * (`pass show rutaapi`) holds the secret on its first line and metadata (login, URL, notes) on
 * the lines after it; those lines are dropped here, so no part of them is ever sent or printed.
 */
export function keyFromStdin(text: string): string {
  const end = text.search(/\r\n|[\r\n]/);
  return end === -1 ? text : text.slice(0, end);
}
