// `npm run sandbox [-- --port N] [--latency MS] [--tls] [--theme default|classic|none] [--display USD|CNY|TOKENS|CUSTOM]`: starts the sandbox gateway, prints its
// Base URL and the scenario keys, and stops cleanly on SIGINT/SIGTERM.
import { startSandbox } from './server';
import { SANDBOX_KEY_PREFIX, SANDBOX_MODELS, SANDBOX_SCENARIOS, SANDBOX_SCENARIO_HELP } from './models';
import type { SandboxDisplayType, SandboxTheme } from './newApi';

const THEMES: readonly SandboxTheme[] = ['default', 'classic', 'none'];
const DISPLAYS: readonly SandboxDisplayType[] = ['USD', 'CNY', 'TOKENS', 'CUSTOM'];
const USAGE_LINE =
  'Usage: npm run sandbox -- [--port N] [--latency MS] [--tls] [--theme default|classic|none] [--display USD|CNY|TOKENS|CUSTOM]\n';

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write(USAGE_LINE);
  process.exit(2);
}

function intArg(args: string[], i: number, name: string, max: number): number {
  const raw = args[i + 1];
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) > max) usage(`${name} needs a whole number (0-${max}).`);
  return Number(raw);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let port = 0;
  let latencyMs = 0;
  let tls = false;
  let theme: SandboxTheme = 'classic';
  let displayType: SandboxDisplayType = 'USD';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--port') port = intArg(args, i++, '--port', 65535);
    else if (arg.startsWith('--port=')) port = intArg(['', arg.slice(7)], 0, '--port', 65535);
    else if (arg === '--latency') latencyMs = intArg(args, i++, '--latency', 600_000);
    else if (arg === '--tls') tls = true;
    else if (arg === '--theme') {
      const v = args[++i] as SandboxTheme;
      if (!THEMES.includes(v)) usage('--theme needs default, classic or none.');
      theme = v;
    } else if (arg === '--display') {
      const v = String(args[++i] ?? '').toUpperCase() as SandboxDisplayType;
      if (!DISPLAYS.includes(v)) usage('--display needs USD, CNY, TOKENS or CUSTOM.');
      displayType = v;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE_LINE);
      return;
    } else usage(`Unknown option: ${arg}`);
  }

  const sandbox = await startSandbox({ port, latencyMs, tls, theme, displayType });
  const lines = [
    'RutaAPI sandbox gateway (OpenAI-compatible, local only)',
    '',
    `Base URL:  ${sandbox.baseUrl}`,
    `Models:    ${SANDBOX_MODELS.join(', ')}`,
    '',
    `Keys (${SANDBOX_KEY_PREFIX}<scenario>-<anything>; any other key gets 401 invalid_api_key):`,
    ...SANDBOX_SCENARIOS.map((s) => `  ${`${SANDBOX_KEY_PREFIX}${s}-demo`.padEnd(38)} ${SANDBOX_SCENARIO_HELP[s]}`),
    '',
    'Unknown model on chat → 404 model_not_found (new-api scenarios: 503 model_not_found).',
    'GET / and /dashboard serve HTML pages; a path without /v1 gives 404.',
    `new-api: GET /api/status (theme ${theme}, ${displayType}), GET /api/usage/token/ (20 per 20 min),`,
    '/v1/dashboard/billing/subscription and /usage.',
    '',
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox…\n`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${(error as Error).message}\n`);
  process.exit(1);
});
