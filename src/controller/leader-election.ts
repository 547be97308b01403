import { collectionPath, KubeApi, objectPath, RESOURCES } from './kube-api';
import { merged } from '../render/object-merge';

/** Options of {@link LeaderElection}. */
export interface LeaderElectionOptions {
  /** Namespace of the Lease. */
  readonly namespace: string;
  /**
   * Name of the Lease.
   * @default 'vmprofile-controller'
   */
  readonly name?: string;
  /** Who this replica is (the pod name, or host and pid). */
  readonly identity: string;
  /**
   * How long a lease holds without renewal, in seconds.
   * @default 15
   */
  readonly leaseDurationSeconds?: number;
  /**
   * How long the leader keeps trying to renew before it gives up leading, in milliseconds.
   * @default 10000
   */
  readonly renewDeadlineMs?: number;
  /**
   * Time between attempts, in milliseconds.
   * @default 2000
   */
  readonly retryPeriodMs?: number;
  /** Called when this replica becomes the leader. */
  readonly onStartedLeading: () => void;
  /** Called when this replica stops being the leader (it could not renew in time). */
  readonly onStoppedLeading: () => void;
  /** Called when an attempt fails (it is retried). */
  readonly onError?: (error: unknown) => void;
}

/** A MicroTime as the API server writes it (six fractional digits). */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, the algorithm of client-go's leaderelection: a holder is
 * trusted while the lease record keeps changing within its duration as seen on the local clock (so clock skew does
 * not matter), takeover and renewal are optimistic-concurrency updates, and leading ends when renewal fails for
 * longer than the renew deadline. On stop the lease is released so another replica takes over at once.
 */
export class LeaderElection {
  private observedRecord = '';
  private observedAt = 0;
  private leading = false;
  private lastRenew = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly api: KubeApi, private readonly options: LeaderElectionOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.tick();
  }

  /** Stops electing; a leader releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.leading) {
      this.leading = false;
      try {
        await this.release();
      } catch (e) {
        this.options.onError?.(e);
      }
    }
  }

  private get name(): string {
    return this.options.name ?? 'vmprofile-controller';
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let acquired = false;
    try {
      acquired = await this.tryAcquireOrRenew();
    } catch (e) {
      this.options.onError?.(e);
    }
    if (this.stopped) return;
    const now = Date.now();
    if (acquired) {
      this.lastRenew = now;
      if (!this.leading) {
        this.leading = true;
        this.options.onStartedLeading();
      }
    } else if (this.leading && now - this.lastRenew > (this.options.renewDeadlineMs ?? 10_000)) {
      this.leading = false;
      this.options.onStoppedLeading();
    }
    // client-go's jitter (factor 1.2) keeps replicas from retrying in lockstep.
    const period = this.options.retryPeriodMs ?? 2000;
    this.timer = setTimeout(() => void this.tick(), this.leading ? period : period * (1 + Math.random() * 1.2));
    this.timer.unref?.();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, identity } = this.options;
    const duration = this.options.leaseDurationSeconds ?? 15;
    const path = objectPath(RESOURCES.lease, this.name, namespace);
    const now = new Date();
    const got = await this.api.request('GET', path);
    if (got.status === 404) {
      const created = await this.api.request('POST', collectionPath(RESOURCES.lease, namespace), {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.name, namespace },
        spec: {
          holderIdentity: identity, leaseDurationSeconds: duration, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0,
        },
      });
      return created.status === 201;
    }
    if (got.status !== 200) throw new Error(`GET ${path}: HTTP ${got.status}`);
    const lease = got.body;
    const spec = lease.spec ?? {};
    const record = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.acquireTime, spec.leaseTransitions]);
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = Date.now();
    }
    const heldByOther = spec.holderIdentity && spec.holderIdentity !== identity;
    const expiresAt = this.observedAt + (spec.leaseDurationSeconds ?? duration) * 1000;
    if (heldByOther && expiresAt > Date.now()) return false;
    const mine = spec.holderIdentity === identity;
    lease.spec = merged(spec, {
      holderIdentity: identity,
      leaseDurationSeconds: duration,
      renewTime: microTime(now),
      acquireTime: mine && spec.acquireTime ? spec.acquireTime : microTime(now),
      leaseTransitions: mine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
    });
    // The resourceVersion read above makes this a compare-and-swap: 409 means another replica won.
    const put = await this.api.request('PUT', path, lease);
    if (put.status === 200) {
      this.observedRecord = JSON.stringify([identity, lease.spec.renewTime, lease.spec.acquireTime, lease.spec.leaseTransitions]);
      this.observedAt = Date.now();
      return true;
    }
    if (put.status === 409) return false;
    throw new Error(`PUT ${path}: HTTP ${put.status}`);
  }

  private async release(): Promise<void> {
    const path = objectPath(RESOURCES.lease, this.name, this.options.namespace);
    const got = await this.api.request('GET', path);
    if (got.status !== 200 || got.body.spec?.holderIdentity !== this.options.identity) return;
    const lease = got.body;
    lease.spec = merged(lease.spec, { holderIdentity: null, leaseDurationSeconds: 1, renewTime: microTime(new Date()) });
    await this.api.request('PUT', path, lease);
  }
}
