import type { DisposableLike } from '../shared/disposable';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandRegistrar = (id: string, handler: CommandHandler) => DisposableLike;

/**
 * The bootstrap's half of activation. activate() registers a forwarder per command and schedules
 * start(); the host chunk (dist/host.js) registers the real handlers here when it starts. A command
 * that arrives first (the one that activated the extension, say) starts the host itself, so no
 * command is ever lost. Pure: no `vscode` import, so it is tested without an editor.
 */
export class DeferredHost implements DisposableLike {
  private readonly handlers = new Map<string, CommandHandler>();
  private started = false;
  private failure: Error | undefined;
  private disposed = false;

  constructor(
    private readonly startHost: (register: CommandRegistrar) => void,
    private readonly reportFailure: (error: Error) => void,
  ) {}

  /** Starts the host once. Returns the start-up error, if any; it is reported once. */
  start(): Error | undefined {
    if (this.started || this.disposed) return this.failure;
    this.started = true;
    try {
      this.startHost((id, handler) => {
        this.handlers.set(id, handler);
        return { dispose: () => this.handlers.get(id) === handler && this.handlers.delete(id) };
      });
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
      // A half-started host is not used: every command reports the failure instead.
      this.handlers.clear();
      this.reportFailure(this.failure);
    }
    return this.failure;
  }

  /** The forwarder every contributed command is registered with. */
  run(id: string, args: unknown[]): unknown {
    const failure = this.start();
    if (failure) {
      // The user asked for something: say again why nothing happens.
      this.reportFailure(failure);
      return undefined;
    }
    const handler = this.handlers.get(id);
    if (!handler) throw new Error(`RutaAPI Connect: no handler for command ${id}`);
    return handler(...args);
  }

  dispose(): void {
    this.disposed = true;
    this.handlers.clear();
  }
}
