// `npm run sandbox [-- --port N] [--latency MS] [--tls]`: starts the sandbox gateway, prints its
// Base URL and the scenario keys, and stops cleanly on SIGINT/SIGTERM.
import { startSandbox } from './server';
import { SANDBOX_KEY_PREFIX, SANDBOX_MODELS, SANDBOX_SCENARIOS, SANDBOX_SCENARIO_HELP } from './models';

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write('Usage: npm run sandbox -- [--port N] [--latency MS] [--tls]\n');
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
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--port') port = intArg(args, i++, '--port', 65535);
    else if (arg.startsWith('--port=')) port = intArg(['', arg.slice(7)], 0, '--port', 65535);
    else if (arg === '--latency') latencyMs = intArg(args, i++, '--latency', 600_000);
    else if (arg === '--tls') tls = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('Usage: npm run sandbox -- [--port N] [--latency MS] [--tls]\n');
      return;
    } else usage(`Unknown option: ${arg}`);
  }

  const sandbox = await startSandbox({ port, latencyMs, tls });
  const lines = [
    'RutaAPI sandbox gateway (OpenAI-compatible, local only)',
    '',
    `Base URL:  ${sandbox.baseUrl}`,
    `Models:    ${SANDBOX_MODELS.join(', ')}`,
    '',
    `Keys (${SANDBOX_KEY_PREFIX}<scenario>-<anything>; any other key gets 401 invalid_api_key):`,
    ...SANDBOX_SCENARIOS.map((s) => `  ${`${SANDBOX_KEY_PREFIX}${s}-demo`.padEnd(38)} ${SANDBOX_SCENARIO_HELP[s]}`),
    '',
    'Unknown model on chat → 404 model_not_found. GET / and /dashboard serve HTML pages;',
    'a path without /v1 gives 404.',
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
