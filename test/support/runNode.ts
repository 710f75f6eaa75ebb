// Runs a Node script as a child process and collects its output: the doctor tests, the fault
// injection and the leak canary all drive the built CLI this way. Asynchronous, because the
// sandbox gateway they talk to lives in the test process.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../..');

export interface NodeRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runNode(args: string[], options: { env: NodeJS.ProcessEnv; stdin?: string; killAfterMs?: number }): Promise<NodeRun> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 30_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(killer);
      done({ status, stdout, stderr, ms: performance.now() - t0 });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
