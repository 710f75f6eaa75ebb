import type { DisposableLike } from './disposable';

export type Listener<T> = (value: T) => unknown;
/** A tiny event emitter with the same call shape as vscode.Event, so logic needs no `vscode` import. */
export type Event<T> = (listener: Listener<T>) => DisposableLike;

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        void l(value);
      } catch {
        // A failing listener must not break the others.
      }
    }
  }
  dispose(): void {
    this.listeners.clear();
  }
}
