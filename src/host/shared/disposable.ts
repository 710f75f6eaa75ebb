export interface DisposableLike {
  dispose(): unknown;
}

/** Base class owning child disposables; disposing it disposes them in reverse order. */
export abstract class Disposable implements DisposableLike {
  private readonly children: DisposableLike[] = [];
  private disposed = false;

  protected _register<T extends DisposableLike>(child: T): T {
    if (this.disposed) child.dispose();
    else this.children.push(child);
    return child;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.children.splice(0).reverse()) {
      try {
        c.dispose();
      } catch {
        // keep disposing the rest
      }
    }
  }
}
