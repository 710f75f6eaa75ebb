// Argument parsing for the terminal doctor. Pure: returns a parsed command or a usage error.
import { RUTAAPI_BASE_URL } from '../core/constants';
import { t } from '../core/l10n';
import type { UsageSince } from '../core/usage/report';

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

/** `doctor usage`: the key's request records (`/api/log/token`), totals and a by-model table. */
export interface UsageArgs {
  command: 'usage';
  baseUrl: string;
  timeoutMs?: number;
  json: boolean;
  keyStdin: boolean;
  /** Without it: every row the gateway sent (its newest 1000). */
  since?: UsageSince;
}

/** `doctor tools`: Claude Code, Codex, Continue, aider and llm as their config files under $HOME set them up. */
export interface ToolsArgs {
  command: 'tools';
  baseUrl: string;
  timeoutMs?: number;
  json: boolean;
  keyStdin: boolean;
}

type ParsedArgs = CheckArgs | CursorArgs | UsageArgs | ToolsArgs | { command: 'help' } | { command: 'usage_error'; message: string };

export const USAGE = `RutaAPI doctor: verify a RutaAPI key, Base URL and model from the terminal.

Usage:
  npm run doctor -- check [--base-url URL] [--model ID] [--timeout S] [--json] [--key-stdin]
  npm run doctor -- cursor [--state-db PATH] [--base-url URL] [--timeout S] [--json] [--key-stdin]
  npm run doctor -- usage [--since 7d|30d|YYYY-MM-DD] [--base-url URL] [--timeout S] [--json] [--key-stdin]
  npm run doctor -- tools [--base-url URL] [--timeout S] [--json] [--key-stdin]
  node dist/cli.js check [options]
  node dist/cli.js help

cursor: reads Cursor's own model settings from a copy of its state database (never changes it)
and checks its Base URL, key switch, key and custom models. The key and models are checked
against --base-url with the key given as for check or, without one, Cursor's own plain-text key.

usage: what the key spent, from the gateway's own request records (GET /api/log/token, its newest
1000 rows; one request per run): totals and a table by model, money in the site's display unit.

tools: reads the settings of Claude Code, Codex CLI, Continue, aider and llm under $HOME (never
changes them) and checks each one's Base URL, key and model; with a key, its models are listed
from --base-url and Codex and Claude Code get one tiny request in their own protocol.

Options:
  --base-url URL   Base URL to check (default ${RUTAAPI_BASE_URL})
  --model ID       Also send a tiny test chat request with this model id
                   (without it only GET /models runs and the returned ids are listed)
  --state-db PATH  cursor: Cursor's state.vscdb (default: Cursor's for this user)
  --since WHEN     usage: the last N days (7d, 30d, today included) or from a date
                   (YYYY-MM-DD); days are UTC (default: every row the gateway sent)
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
  if (command === 'cursor' || command === 'usage' || command === 'tools') return parseCheck(args, command);
  if (command !== 'check') {
    if (command.startsWith('-')) return parseCheck([command, ...args]);
    return {
      command: 'usage_error',
      message: `Unknown command ${shown(command)}. Use "check", "cursor", "usage", "tools" or "help".${KEY_HINT}`,
    };
  }
  return parseCheck(args);
}

type Command = 'check' | 'cursor' | 'usage' | 'tools';
type Options = Omit<CheckArgs, 'command'> & { stateDb?: string; since?: UsageSince };

const MAX_SINCE_DAYS = 3650;

/** `--since 7d` / `30d` (any 1..3650 days) or `--since YYYY-MM-DD` (a real UTC date); undefined otherwise. */
export function parseSince(text: string): UsageSince | undefined {
  const v = text.trim().toLowerCase();
  const days = /^(\d{1,4})d$/.exec(v);
  if (days) {
    const n = Number(days[1]);
    return n >= 1 && n <= MAX_SINCE_DAYS ? { days: n } : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? { date: v } : undefined;
}

/** `--since` with its value into `result`; the usage error, if any. */
function readSince(v: string | undefined, command: Command, result: Options): string | undefined {
  if (command !== 'usage') return '--since belongs to "doctor usage".';
  const since = v === undefined ? undefined : parseSince(v);
  if (!since) return '--since needs a number of days (7d, 30d) or a UTC date (YYYY-MM-DD), e.g. --since 7d';
  result.since = since;
  return undefined;
}

/** `--state-db`, `--model` and `--timeout` with their value into `result`; the usage error, if any. */
function readValueFlag(flag: string, v: string | undefined, command: Command, result: Options): string | undefined {
  if (flag === '--since') return readSince(v, command, result);
  if (flag === '--state-db') {
    if (command !== 'cursor') return '--state-db belongs to "doctor cursor".';
    if (v === undefined || v.trim() === '') return "--state-db needs the path of Cursor's state.vscdb.";
    result.stateDb = v;
  } else if (flag === '--model') {
    if (command === 'cursor') return '"doctor cursor" checks the models added in Cursor; --model belongs to "doctor check".';
    if (command === 'usage') return '--model belongs to "doctor check"; "doctor usage" lists every model in the records.';
    if (command === 'tools') return '--model belongs to "doctor check"; "doctor tools" checks the model each tool is set up with.';
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

function parseCheck(args: string[], command: Command = 'check'): ParsedArgs {
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
      case '--since':
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
  return withCommand(command, result);
}

function withCommand(command: Command, result: Options): ParsedArgs {
  const { model, stateDb, since, ...common } = result;
  if (command === 'cursor') return { command: 'cursor', ...common, ...(stateDb !== undefined ? { stateDb } : {}) };
  if (command === 'usage') return { command: 'usage', ...common, ...(since !== undefined ? { since } : {}) };
  if (command === 'tools') return { command: 'tools', ...common };
  return { command: 'check', ...common, ...(model !== undefined ? { model } : {}) };
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
