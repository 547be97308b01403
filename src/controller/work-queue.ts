/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  /**
   * The first retry delay of a failing key, in milliseconds; it doubles with each failure.
   * @default 200
   */
  readonly baseDelayMs?: number;
  /**
   * The longest retry delay, in milliseconds.
   * @default 60000
   */
  readonly maxDelayMs?: number;
  /**
   * Retries allowed per second across all keys (a token bucket), so a broken cluster is not hammered.
   * @default 20
   */
  readonly retriesPerSecond?: number;
  /**
   * Retries allowed at once before the bucket limits them.
   * @default 100
   */
  readonly retryBurst?: number;
}

/**
 * A queue of keys as client-go's workqueue has it: a key is queued once however often it is added, is never handed
 * to two workers at once (added while being processed, it comes back after `done`), and failures retry with
 * per-key exponential backoff under a shared rate limit.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private tokens: number;
  private tokensAt = Date.now();
  private closed = false;

  constructor(private readonly options: WorkQueueOptions = {}) {
    this.tokens = options.retryBurst ?? 100;
  }

  /** Queues `key` unless it is queued already. */
  add(key: string): void {
    if (this.closed || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
    } else {
      this.queue.push(key);
    }
  }

  /** Queues `key` after `ms` milliseconds (an earlier pending delay of the same key wins). */
  addAfter(key: string, ms: number): void {
    if (this.closed || this.timers.has(key)) return;
    if (ms <= 0) return this.add(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  /** Queues a key that failed: after its backoff, and no sooner than the shared rate limit allows. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const backoff = Math.min((this.options.baseDelayMs ?? 200) * 2 ** n, this.options.maxDelayMs ?? 60_000);
    this.addAfter(key, Math.max(backoff, this.bucketDelay()));
  }

  /** How many times `key` failed in a row. */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Forgets the failures of `key` (it succeeded). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** The next key to work on; waits for one. `undefined` once the queue is shut down. */
  get(): Promise<string | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks `key` as processed; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  /** Keys waiting (not those being processed or waiting for a retry). */
  get length(): number {
    return this.queue.length;
  }

  /** Keys being processed. */
  get active(): number {
    return this.processing.size;
  }

  /** Keys waiting for their delay (a retry backoff, or a delayed add) before they are queued. */
  get delayed(): number {
    return this.timers.size;
  }

  /** Stops handing out keys; waiting workers get `undefined`. */
  shutdown(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private bucketDelay(): number {
    const rate = this.options.retriesPerSecond ?? 20;
    const burst = this.options.retryBurst ?? 100;
    const now = Date.now();
    this.tokens = Math.min(burst, this.tokens + ((now - this.tokensAt) / 1000) * rate);
    this.tokensAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / rate) * 1000);
  }
}
