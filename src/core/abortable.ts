/**
 * Settles as soon as `signal` aborts, whatever `promise` does: it rejects with `why()`, and
 * `promise` is left to fail quietly. The verification engine and the chat stream both race their
 * requests and body reads against their abort signal this way.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal, why: () => unknown): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(why());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(why());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
