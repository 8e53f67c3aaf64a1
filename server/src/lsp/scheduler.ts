// When to re-check a document after an edit: at once on the first change (leading edge, so a single keystroke costs
// only the engine's time), then at most once per `cooldownMs` per document while changes keep coming (trailing edge,
// so a burst of didChange notifications — paste, multi-cursor edit, undo of many steps — is checked once, on its
// last version). Documents are independent: a burst on one URI never delays another.

export class ValidationScheduler {
  private readonly cooling = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
  private paused = true;
  private readonly waiting = new Set<string>();

  constructor(
    private readonly run: (uri: string) => void,
    private readonly cooldownMs = 15,
  ) {}

  /** Checks are held until `resume` (the server calls it once it knows its settings). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const uris = [...this.waiting];
    this.waiting.clear();
    for (const uri of uris) this.schedule(uri);
  }

  schedule(uri: string): void {
    if (this.paused) {
      this.waiting.add(uri);
      return;
    }
    const c = this.cooling.get(uri);
    if (c) {
      c.dirty = true;
      return;
    }
    this.fire(uri);
  }

  /** Forgets a document (closed): no pending check runs for it. */
  cancel(uri: string): void {
    this.waiting.delete(uri);
    const c = this.cooling.get(uri);
    if (c) clearTimeout(c.timer);
    this.cooling.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.cooling.keys()]) this.cancel(uri);
    this.waiting.clear();
  }

  private fire(uri: string): void {
    const state = { dirty: false, timer: setTimeout(() => this.cooled(uri), this.cooldownMs) };
    this.cooling.set(uri, state);
    this.run(uri);
  }

  private cooled(uri: string): void {
    const c = this.cooling.get(uri);
    this.cooling.delete(uri);
    if (c?.dirty) this.fire(uri);
  }
}
