// A bench module forked as a child process of its own under tsx, with an IPC channel: the sandbox
// gateway process (bench/sandboxProcess.ts) and the pass-through rounds (bench/lmPassThrough.ts).
import { fork, type ChildProcess } from 'node:child_process';

export interface TsxChild {
  child: ChildProcess;
  pid: number;
  /** The child's first message; rejects when it exits first or after `timeoutMs`. */
  firstMessage<T>(timeoutMs: number, what: string): Promise<T>;
  /** Ends the child by its PID unless it has exited already; resolves once it has. */
  end(): Promise<void>;
}

/** Forks `file` with `arg` (the child's cue to run its own part), stdout ignored, stderr shown. */
export function forkTsx(file: string, arg: string, what: string): TsxChild {
  const child = fork(file, [arg], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${what}`);
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  return {
    child,
    pid,
    firstMessage: <T>(timeoutMs: number, waitingFor: string) =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${what}: no ${waitingFor} within ${timeoutMs / 1000} s`)), timeoutMs);
        child.once('message', (m) => (clearTimeout(timer), resolve(m as T)));
        child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${what} exited (${code}) before its ${waitingFor}`))));
      }),
    end: async () => {
      if (!exited) process.kill(pid, 'SIGTERM');
      await gone;
    },
  };
}
