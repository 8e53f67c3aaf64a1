// When to re-check a document after an edit: at once on the first change (leading edge, so a single keystroke costs
// only the engine's time), then at most once per `cooldownMs` per document while changes keep coming (trailing edge,
// so a burst of didChange notifications — paste, multi-cursor edit, undo of many steps — is checked once, on its
// last version). Documents are independent: a burst on one URI never delays another.
// A check still running (a large file is checked in slices) is never joined by a second one of the same document: a
// change meanwhile supersedes it (it stops at its next slice) and the document is checked again once it has ended.
// Two at once parsed the same new documents twice (opening a file of 1,000 documents while the workspace was read
// cost two full checks, and twice the memory).

export class ValidationScheduler {
  private readonly cooling = new Map<string, Cooling>();
  private paused = true;
  private readonly waiting = new Set<string>();

  constructor(
    /** Checks a document; a returned promise says when that check has ended. */
    private readonly run: (uri: string) => void | Promise<void>,
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

  /** Whether a check has started and not ended. */
  busy(): boolean {
    for (const c of this.cooling.values()) if (c.running) return true;
    return false;
  }

  /** Forgets a document (closed): no pending check runs for it. */
  cancel(uri: string): void {
    this.waiting.delete(uri);
    const c = this.cooling.get(uri);
    if (c?.timer) clearTimeout(c.timer);
    this.cooling.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.cooling.keys()]) this.cancel(uri);
    this.waiting.clear();
  }

  private fire(uri: string): void {
    const state: Cooling = { dirty: false, running: true };
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.settle(uri, state);
    }, this.cooldownMs);
    this.cooling.set(uri, state);
    const ended = () => {
      state.running = false;
      this.settle(uri, state);
    };
    const check = this.run(uri);
    if (check) check.then(ended, ended);
    else state.running = false;
  }

  /** The cooldown is over and the check has ended: a change that came meanwhile is checked now. */
  private settle(uri: string, state: Cooling): void {
    if (state.timer || state.running || this.cooling.get(uri) !== state) return;
    this.cooling.delete(uri);
    if (state.dirty) this.fire(uri);
  }
}

interface Cooling {
  /** until the cooldown ends */
  timer?: NodeJS.Timeout;
  /** the check has not ended */
  running: boolean;
  /** changed since the check started */
  dirty: boolean;
}
