// The sandbox gateway in a process of its own, for the measurements where the gateway's work must
// not share the measured client's thread (a real gateway never runs in the editor's process): in
// one process, the server's 10,000 writes and the client's reads interleave on one event loop, and
// which side the scheduling favours changes from run to run. Forked by startSandboxProcess below;
// run as a child it starts the sandbox on 127.0.0.1 and sends its Base URL to the parent.
import { startSandbox } from '../src/sandbox/server';
import { forkTsx } from './tsxChild';

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
  const proc = forkTsx(__filename, '--child', 'the sandbox process');
  try {
    const { baseUrl } = await proc.firstMessage<Ready>(20_000, 'Base URL');
    proc.child.disconnect();
    return { baseUrl, pid: proc.pid, close: proc.end };
  } catch (error) {
    await proc.end();
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
