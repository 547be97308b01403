/**
 * Progress of a long synth on stderr: silent for the first second and when stderr is not a terminal,
 * then one line rewritten in place at most ten times a second, erased when done.
 */
export class Progress {
  private readonly start: number;
  private last = -Infinity;
  private shown = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
    private readonly delayMs = 1000,
  ) {
    this.start = now();
  }

  /** `done` of `total` profiles are through. */
  public update(done: number, total: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.start < this.delayMs || t - this.last < 100) return;
    this.last = t;
    this.shown = true;
    this.write(`\rsynthesizing profiles: ${done}/${total} (${Math.floor((done * 100) / total)}%)`);
  }

  /** Erases the line, if one was written. */
  public finish(): void {
    if (this.shown) this.write('\r\x1b[K');
  }
}
