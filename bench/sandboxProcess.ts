// The sandbox gateway in a process of its own, for the measurements where the gateway's work must
// not share the measured client's thread (a real gateway never runs in the editor's process): in
// one process, the server's 10,000 writes and the client's reads interleave on one event loop, and
// which side the scheduling favours changes from run to run. Forked by startSandboxProcess below;
// run as a child it starts the sandbox on 127.0.0.1 and sends its Base URL to the parent.
import { fork, type ChildProcess } from 'node:child_process';
import { startSandbox } from '../src/sandbox/server';

export interface SandboxProcess {
  baseUrl: string;
  pid: number;
  close(): Promise<void>;
}

interface Ready {
  baseUrl: string;
}

/** Forks this file with tsx, waits (≤ 20 s) for the sandbox's Base URL; `close()` ends that child by its PID. */
export async function startSandboxProcess(): Promise<SandboxProcess> {
  const child: ChildProcess = fork(__filename, ['--child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the sandbox process');
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const close = async (): Promise<void> => {
    if (!exited) process.kill(pid, 'SIGTERM');
    await gone;
  };
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the sandbox process did not start within 20 s')), 20_000);
      child.once('message', (m) => (clearTimeout(timer), resolve(m as Ready)));
      child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the sandbox process exited (${code}) before it started`))));
    });
    child.disconnect();
    return { baseUrl: ready.baseUrl, pid, close };
  } catch (error) {
    await close();
    throw error;
  }
}

if (require.main === module && process.argv.includes('--child')) {
  startSandbox({ port: 0 }).then(
    (sandbox) => {
      process.send?.({ baseUrl: sandbox.baseUrl } satisfies Ready);
      process.once('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
    },
    (error: unknown) => {
      process.stderr.write(`sandbox process: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
