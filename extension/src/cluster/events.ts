// A minimal typed event emitter with disposable subscriptions (the cluster layer imports no `vscode`).

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();

  /** Subscribes; the returned handle unsubscribes. */
  on(listener: (value: T) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        // One listener's bug must not stop the others or the watch loop that fired the event.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
