import { collectionPath, KubeApi, KubeApiError, KubeResource } from './kube-api';

/** `namespace/name` (or `name` for cluster-scoped objects): the key of an object in caches and queues. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** The key of a Kubernetes object. */
export function keyOf(obj: any): string {
  return objectKey(obj?.metadata?.namespace, obj?.metadata?.name);
}

/** What a watch reports: an object added, changed or deleted (`old` is the cached copy before). */
export type WatchHandler = (obj: any, old: any | undefined, deleted: boolean) => void;

/** Options of {@link ResourceWatch}. */
export interface ResourceWatchOptions {
  /**
   * Watch one namespace only.
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * A label selector for the list and the watch.
   * @default - every object
   */
  readonly labelSelector?: string;
  /** Called for each change, after the cache holds it. Exceptions are reported, never thrown into the stream. */
  readonly onChange: WatchHandler;
  /** Called when a list or watch fails (the watch retries by itself). */
  readonly onError?: (error: unknown) => void;
  /**
   * The page size of lists.
   * @default 500
   */
  readonly pageSize?: number;
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/**
 * A cache of one resource kept current by list + watch, like client-go's reflector: pages through the list, watches
 * from its resourceVersion with bookmarks, relists on `410 Gone`, and on any other failure retries with a backoff
 * (1 s doubling to 30 s) instead of stopping. `managedFields` are dropped from cached copies.
 */
export class ResourceWatch {
  private readonly store = new Map<string, any>();
  private readonly abort = new AbortController();
  private resourceVersion: string | undefined;
  private syncedResolve!: () => void;
  /** Resolves once the first list is in the cache. */
  readonly synced = new Promise<void>((r) => { this.syncedResolve = r; });

  constructor(private readonly api: KubeApi, readonly resource: KubeResource, private readonly options: ResourceWatchOptions) {}

  /** Starts listing and watching in the background. */
  start(): void {
    void this.run();
  }

  /** Stops the watch (for good). */
  stop(): void {
    this.abort.abort();
  }

  get(key: string): any | undefined {
    return this.store.get(key);
  }

  list(): IterableIterator<any> {
    return this.store.values();
  }

  get size(): number {
    return this.store.size;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let delay = 1000;
    while (!signal.aborted) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        await this.watch(() => { delay = 1000; });
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof KubeApiError && e.status === 410) {
          this.resourceVersion = undefined;
          continue;
        }
        this.options.onError?.(e);
        await sleep(delay, signal);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private query(extra: Record<string, string>): string {
    const q = new URLSearchParams(extra);
    if (this.options.labelSelector) q.set('labelSelector', this.options.labelSelector);
    return q.toString();
  }

  private async relist(): Promise<void> {
    const path = collectionPath(this.resource, this.options.namespace);
    const fresh = new Map<string, any>();
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.api.call('GET', `${path}?${this.query({ limit: String(this.options.pageSize ?? 500), ...(cont ? { continue: cont } : {}) })}`);
      for (const item of page.items ?? []) {
        // Items of a list carry no apiVersion/kind.
        const obj = slim({ apiVersion: this.resource.apiVersion, kind: this.resource.kind, ...item });
        fresh.set(keyOf(obj), obj);
      }
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion;
    } while (cont);
    const old = new Map(this.store);
    this.store.clear();
    for (const [key, obj] of fresh) this.store.set(key, obj);
    this.resourceVersion = rv;
    for (const [key, obj] of fresh) {
      const before = old.get(key);
      if (before?.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit(obj, before, false);
    }
    for (const [key, before] of old) if (!fresh.has(key)) this.emit(before, before, true);
    this.syncedResolve();
  }

  private async watch(onEvent: () => void): Promise<void> {
    const path = collectionPath(this.resource, this.options.namespace);
    // The server ends each watch after 5-10 minutes; a watch resumes from the last resourceVersion seen.
    const timeoutSeconds = String(300 + Math.floor(Math.random() * 300));
    const query = this.query({ watch: 'true', allowWatchBookmarks: 'true', resourceVersion: this.resourceVersion!, timeoutSeconds });
    await this.api.stream(`${path}?${query}`, (event) => {
      onEvent();
      this.handle(event);
    }, this.abort.signal, 60_000 + Number(timeoutSeconds) * 1000);
  }

  private handle(event: any): void {
    const obj = event?.object;
    if (event?.type === 'ERROR') {
      throw new KubeApiError('WATCH', this.resource.plural, obj?.code ?? 500, obj);
    }
    const rv = obj?.metadata?.resourceVersion;
    if (event?.type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    const slimmed = slim(obj);
    const key = keyOf(slimmed);
    const before = this.store.get(key);
    if (event.type === 'DELETED') this.store.delete(key);
    else this.store.set(key, slimmed);
    if (rv) this.resourceVersion = rv;
    this.emit(slimmed, before, event.type === 'DELETED');
  }

  private emit(obj: any, old: any, deleted: boolean): void {
    try {
      this.options.onChange(obj, old, deleted);
    } catch (e) {
      this.options.onError?.(e);
    }
  }
}

function slim(obj: any): any {
  if (obj?.metadata?.managedFields) delete obj.metadata.managedFields;
  return obj;
}
