import { createHash } from 'node:crypto';
import * as os from 'node:os';
import { problemStatus, ProfileProblem, restartRequired, sameStatus, withTransitions } from './controller-status';
import {
  contains, FIELD_MANAGER, isNodeNetworkPolicy, ownerReference, renderNodeNetworks, renderProfileObject,
  renderInput, RenderedProfile, RUN_STRATEGY_ANNOTATION,
} from './desired-state';
import { EventRecorder } from './event-recorder';
import { HealthServer } from './health-server';
import { KubeApi, KubeApiError, KubeApiOptions, KubeResource, objectPath, RESOURCES } from './kube-api';
import { LeaderElection } from './leader-election';
import { Metrics } from './metrics';
import { keyOf, objectKey, ResourceWatch } from './resource-watch';
import { WorkQueue } from './work-queue';
import { deriveStatus, ProfilePhase, VirtualMachineProfileStatus } from '../commands/status';
import { createdNadName, dataVolumeName, vmName as profileVmName } from '../plan/naming';
import { sharedNadMetadata } from '../render/network-attachment-definition';
import { PROFILE_API_VERSION, PROFILE_KIND } from '../spec/profile-spec';

/** Options of {@link ProfileController}. */
export interface ProfileControllerOptions extends KubeApiOptions {
  /**
   * Watch and manage the profiles of one namespace only.
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * Namespace of the leader-election Lease.
   * @default - `namespace`, else the kubeconfig context's or service account's namespace, else `default`
   */
  readonly leaseNamespace?: string;
  /**
   * Who this replica is, in the Lease and in Events.
   * @default - $POD_NAME, else `<hostname>-<pid>`
   */
  readonly identity?: string;
  /**
   * Profiles reconciled at once: each waits mostly on the API server, so more workers keep it busy (the figures:
   * docs/controller.md).
   * @default 16
   */
  readonly workers?: number;
  /**
   * Every profile is reconciled again after this many seconds even without a change (0: never).
   * @default 600
   */
  readonly resyncSeconds?: number;
  /**
   * Port of `/healthz`, `/readyz` and `/metrics` (0: any free port; -1: no server).
   * @default 8080
   */
  readonly healthPort?: number;
  /**
   * Address the health server listens on.
   * @default '0.0.0.0'
   */
  readonly healthHost?: string;
  /**
   * Leader election timings, in milliseconds and seconds as client-go's.
   * @default - lease 15 s, renew deadline 10 s, retry 2 s
   */
  readonly leaderElection?: { readonly leaseDurationSeconds?: number; readonly renewDeadlineMs?: number; readonly retryPeriodMs?: number };
  /**
   * Where the controller logs (one line per message).
   * @default - stderr
   */
  readonly log?: (line: string) => void;
  /**
   * Called when this replica loses the lease; the controller has stopped by then.
   * @default - none
   */
  readonly onStoppedLeading?: () => void;
}

/** The queue key of the cluster-wide node-network policies (never a profile key: those hold a slash). */
const NODE_NETWORKS_KEY = 'node-networks';
/** Queue keys of existing NADs to re-apply (`nad:<namespace>/<name>`; profile keys hold no colon). */
const NAD_KEY_PREFIX = 'nad:';
/** How long a NAD's owner changes are gathered before one apply. */
const NAD_SETTLE_MS = 500;
const PROFILE_COMPONENT = 'vmprofile-controller';

/** What the watched kinds are, for the dependency index. */
type DependentKind = 'vm' | 'vmi' | 'dv' | 'pvc' | 'nad' | 'secret' | 'service';

/**
 * The VirtualMachineProfile controller: watches profiles and the objects they make, renders each profile with the
 * library (the same objects as `vmprofile synth`), server-side applies them, and writes the profile's status.
 *
 * - Owned by the profile: the VM, the cloud-init Secret and the Service (controller owner), the NADs it creates (one owner
 *   reference per profile using a shared NAD). Standalone DataVolumes are not owned: disks outlive the profile.
 *   NodeNetworkConfigurationPolicies are merged across profiles, created and updated, never deleted.
 * - Writes only what differs from the live objects, so a resync of a converged cluster writes nothing.
 * - `runStrategy` is applied when the VM is created and when the profile's start strategy changes, and is otherwise
 *   left to `virtctl start/stop`.
 * - Only the replica holding the Lease writes.
 */
export class ProfileController {
  /** Connects to the API server and starts watching, electing and (once leader) reconciling. */
  static async start(options: ProfileControllerOptions = {}): Promise<ProfileController> {
    const api = await KubeApi.connect(options);
    const controller = new ProfileController(api, options);
    await controller.run();
    return controller;
  }

  readonly metrics = new Metrics();
  /** The port of the health server, once listening. */
  healthPort: number | undefined;
  private readonly log: (line: string) => void;
  private readonly identity: string;
  private readonly watches: Record<'profile' | 'nncp' | DependentKind, ResourceWatch>;
  private readonly renders = new Map<string, RenderedProfile>();
  /** Dependent object (`<kind>/<ns>/<name>`) → the profiles whose status reads it. */
  private readonly dependents = new Map<string, Set<string>>();
  /** NAD key → profiles whose render has it. */
  private readonly nadUsers = new Map<string, Set<string>>();
  /** Profiles whose node networks contradict another's, with the messages. */
  private nodeNetworkConflicts = new Map<string, string[]>();
  /** Per object, the resourceVersion our last apply returned and a hash of what it sent (see applyIfChanged). */
  private readonly appliedVersions = new Map<string, { resourceVersion?: string; sent: string }>();
  private readonly reportedUnusedPolicies = new Set<string>();
  private readonly events: EventRecorder;
  private readonly election: LeaderElection;
  private queue = new WorkQueue();
  private health: HealthServer | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private workersRunning = 0;
  private stopped = false;
  private resolveDone!: () => void;
  private leaseLost = false;
  /** Settles once the controller stopped (by {@link stop}, or because it lost the lease). */
  readonly done: Promise<void> = new Promise((resolve) => { this.resolveDone = resolve; });
  private syncedFlag = false;
  private resyncs = 0;

  private constructor(readonly api: KubeApi, private readonly options: ProfileControllerOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.identity = options.identity ?? process.env.POD_NAME ?? `${os.hostname()}-${process.pid}`;
    this.events = new EventRecorder(api, PROFILE_COMPONENT, this.identity);
    const ns = options.namespace;
    const watch = (resource: KubeResource, kind: DependentKind | 'profile' | 'nncp', labelSelector?: string) =>
      new ResourceWatch(api, resource, {
        namespace: resource.namespaced ? ns : undefined,
        labelSelector,
        onChange: (obj, old, deleted) => this.onChange(kind, obj, old, deleted),
        onError: (e) => this.log(`watch ${resource.plural}: ${message(e)}`),
      });
    this.watches = {
      profile: watch(RESOURCES.profile, 'profile'),
      vm: watch(RESOURCES.virtualMachine, 'vm'),
      vmi: watch(RESOURCES.virtualMachineInstance, 'vmi'),
      dv: watch(RESOURCES.dataVolume, 'dv'),
      pvc: watch(RESOURCES.persistentVolumeClaim, 'pvc'),
      nad: watch(RESOURCES.networkAttachmentDefinition, 'nad'),
      nncp: watch(RESOURCES.nodeNetworkPolicy, 'nncp'),
      // Only the controller's own Secrets (every rendered object carries the profile label), not every Secret.
      secret: watch(RESOURCES.secret, 'secret', 'vmprofile'),
      service: watch(RESOURCES.service, 'service', 'vmprofile'),
    };
    const leaseNamespace = options.leaseNamespace ?? ns ?? api.contextNamespace ?? 'default';
    this.election = new LeaderElection(api, {
      namespace: leaseNamespace,
      identity: this.identity,
      ...options.leaderElection,
      onStartedLeading: () => void this.lead(),
      onStoppedLeading: () => {
        this.log(`lost the lease ${leaseNamespace}/vmprofile-controller: stopping`);
        this.leaseLost = true;
        void this.stop().then(() => options.onStoppedLeading?.());
      },
      onError: (e) => this.log(`leader election: ${message(e)}`),
    });
    this.metrics.gauge('vmprofile_queue_depth', 'Profiles waiting to be reconciled.', () => this.queue.length);
    this.metrics.gauge('vmprofile_queue_active', 'Profiles being reconciled.', () => this.queue.active);
    this.metrics.gauge('vmprofile_queue_delayed', 'Keys waiting for a retry backoff or a delayed add.', () => this.queue.delayed);
    this.metrics.gauge('vmprofile_leader', '1 while this replica holds the lease.', () => (this.election.isLeader ? 1 : 0));
    this.metrics.gauge('vmprofile_profiles', 'VirtualMachineProfiles in the cache.', () => this.watches.profile.size);
    this.metrics.labelledCounter('vmprofile_api_requests_total', 'Requests to the API server, by verb.', 'verb', () => this.api.requests.entries());
    this.metrics.labelledCounter('vmprofile_api_writes_total', 'POST, PUT, PATCH and DELETE requests, by resource.', 'resource',
      () => this.api.requests.writeEntries());
    this.metrics.gauge('vmprofile_resyncs', 'Periodic resyncs of every profile since the start.', () => this.resyncs);
  }

  /** True while this replica holds the lease (and so is the one that writes). */
  get isLeader(): boolean {
    return this.election.isLeader;
  }

  /** True once this replica stopped because another took its lease (a process should exit and restart). */
  get lostLease(): boolean {
    return this.leaseLost;
  }

  /** True once {@link stop} was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** True once every watch has listed its objects. */
  get synced(): boolean {
    return this.syncedFlag;
  }

  /** Keys queued, delayed or being reconciled. */
  get pending(): number {
    return this.queue.length + this.queue.active + this.queue.delayed;
  }

  /** Queues every profile (what the periodic resync does). */
  resync(): void {
    this.resyncs++;
    for (const p of this.watches.profile.list()) this.queue.add(keyOf(p));
    this.queue.add(NODE_NETWORKS_KEY);
  }

  /** Stops reconciling and watching; a leader releases its lease. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.queue.shutdown();
    for (const w of Object.values(this.watches)) w.stop();
    await this.election.stop();
    // Let workers finish the reconcile they are in.
    for (let i = 0; i < 200 && this.workersRunning > 0; i++) await new Promise((r) => setTimeout(r, 25));
    await this.health?.close();
    this.api.close();
    this.resolveDone();
  }

  private async run(): Promise<void> {
    if ((this.options.healthPort ?? 8080) >= 0) {
      this.health = new HealthServer({ healthy: () => !this.stopped, ready: () => this.syncedFlag }, this.metrics);
      this.healthPort = await this.health.listen(this.options.healthPort ?? 8080, this.options.healthHost);
    }
    for (const w of Object.values(this.watches)) w.start();
    await Promise.all(Object.values(this.watches).map((w) => w.synced));
    this.syncedFlag = true;
    this.log(`caches synced: ${this.watches.profile.size} profiles`);
    this.election.start();
  }

  private async lead(): Promise<void> {
    if (this.stopped) return;
    this.log(`${this.identity} leads: reconciling`);
    // Render every profile first, so shared NADs get all their owners from the first apply on.
    for (const p of this.watches.profile.list()) this.render(p);
    this.resync();
    const workers = this.options.workers ?? 16;
    for (let i = 0; i < workers; i++) void this.work();
    const every = (this.options.resyncSeconds ?? 600) * 1000;
    if (every > 0) {
      this.resyncTimer = setInterval(() => this.resync(), every);
      this.resyncTimer.unref?.();
    }
  }

  private async work(): Promise<void> {
    this.workersRunning++;
    try {
      for (;;) {
        const key = await this.queue.get();
        if (key === undefined || this.stopped) return;
        const started = process.hrtime.bigint();
        let result = 'success';
        try {
          result = key === NODE_NETWORKS_KEY ? await this.reconcileNodeNetworks()
            : key.startsWith(NAD_KEY_PREFIX) ? await this.reconcileNad(key.slice(NAD_KEY_PREFIX.length))
              : await this.reconcile(key);
          this.queue.forget(key);
        } catch (e) {
          result = 'error';
          if (!this.stopped) {
            this.log(`reconcile ${key}: ${message(e)} (retry ${this.queue.retries(key) + 1})`);
            this.queue.addRateLimited(key);
          }
        } finally {
          this.metrics.observeReconcile(result, Number(process.hrtime.bigint() - started) / 1e9);
          this.queue.done(key);
        }
      }
    } finally {
      this.workersRunning--;
    }
  }

  /** A watched object changed: queue the profiles that depend on it. Never throws, never blocks. */
  private onChange(kind: DependentKind | 'profile' | 'nncp', obj: any, old: any, deleted: boolean): void {
    if (!this.election.isLeader) return;
    if (kind === 'profile') {
      this.queue.add(keyOf(obj));
      return;
    }
    if (kind === 'nncp') {
      if (isNodeNetworkPolicy(obj) || isNodeNetworkPolicy(old)) this.queue.add(NODE_NETWORKS_KEY);
      for (const p of this.dependents.get(`nncp/${obj.metadata.name}`) ?? []) this.queue.add(p);
      return;
    }
    for (const p of this.dependents.get(`${kind}/${keyOf(obj)}`) ?? []) this.queue.add(p);
    // An owned object deleted by hand is put back (the reconcile sees it missing).
    if (!deleted) return;
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      if (ref.kind === PROFILE_KIND) this.queue.add(objectKey(obj.metadata.namespace, ref.name));
    }
  }

  /** Renders `profile` (cached per generation) and indexes what it uses. */
  private render(profile: any): { rendered?: RenderedProfile; problems?: readonly string[] } {
    const key = keyOf(profile);
    const cached = this.renders.get(key);
    if (cached && cached.input === renderInput(profile)) return { rendered: cached };
    const outcome = renderProfileObject(profile);
    this.forget(key);
    if (outcome.rendered) {
      this.renders.set(key, outcome.rendered);
      this.index(outcome.rendered);
    }
    return outcome;
  }

  private index(r: RenderedProfile): void {
    const add = (map: Map<string, Set<string>>, k: string) => {
      let set = map.get(k);
      if (!set) map.set(k, (set = new Set()));
      set.add(r.key);
    };
    const ns = r.doc.metadata.namespace!;
    const name = r.doc.metadata.name;
    add(this.dependents, `vm/${ns}/${profileVmName(name)}`);
    add(this.dependents, `vmi/${ns}/${profileVmName(name)}`);
    for (const d of r.doc.spec.disks ?? []) {
      add(this.dependents, `dv/${ns}/${dataVolumeName(name, d.name)}`);
      add(this.dependents, `pvc/${ns}/${dataVolumeName(name, d.name)}`);
    }
    for (const n of r.doc.spec.networks ?? []) add(this.dependents, `nad/${nadKey(ns, n)}`);
    for (const o of r.objects) {
      if (o.kind === 'Secret') add(this.dependents, `secret/${ns}/${o.metadata.name}`);
      if (o.kind === 'Service') add(this.dependents, `service/${ns}/${o.metadata.name}`);
      if (o.kind === 'NetworkAttachmentDefinition') add(this.nadUsers, keyOf(o));
    }
  }

  /** Drops a profile's render and index entries. */
  private forget(key: string): void {
    const r = this.renders.get(key);
    if (!r) return;
    this.renders.delete(key);
    for (const map of [this.dependents, this.nadUsers]) {
      for (const [k, set] of map) {
        if (set.delete(key) && set.size === 0) map.delete(k);
      }
    }
  }

  /** Reconciles one profile; returns the metric result. */
  private async reconcile(key: string): Promise<string> {
    const profile = this.watches.profile.get(key);
    const before = this.renders.get(key);
    if (!profile || profile.metadata.deletionTimestamp) {
      // Its owned objects go with it (garbage collection); the remaining users of its NADs take them over.
      this.forget(key);
      if (before) this.requeueNadUsers(before, undefined);
      if (before?.needsNodeNetwork) this.queue.addAfter(NODE_NETWORKS_KEY, 200);
      return 'deleted';
    }
    const { rendered, problems } = this.render(profile);
    if (!rendered) {
      await this.writeStatus(profile, { reason: 'InvalidSpec', messages: problems! });
      return 'invalid';
    }
    if (before !== rendered) {
      this.requeueNadUsers(before, rendered);
      if (before?.needsNodeNetwork || rendered.needsNodeNetwork) this.queue.addAfter(NODE_NETWORKS_KEY, 200);
    }
    const conflict = this.nadConflicts(rendered) ?? this.nodeNetworkConflict(key);
    if (conflict) {
      await this.writeStatus(profile, conflict);
      return 'conflict';
    }
    try {
      const me = { name: profile.metadata.name, uid: profile.metadata.uid };
      for (const o of rendered.objects) {
        if (o.kind === 'NetworkAttachmentDefinition' && this.watches.nad.get(keyOf(o))) {
          this.queue.addAfter(`${NAD_KEY_PREFIX}${keyOf(o)}`, NAD_SETTLE_MS);
          continue;
        }
        await this.applyIfChanged(this.withOwner(o, me));
      }
      await this.prune(profile, rendered);
    } catch (e) {
      if (!(e instanceof KubeApiError) || e.status < 400 || e.status >= 500) throw e;
      // Refused by the server or an admission webhook: the profile says so; retried later.
      await this.writeStatus(profile, { reason: 'ApplyFailed', messages: [e.message] });
      throw e;
    }
    await this.writeStatus(profile, undefined);
    return 'success';
  }

  /** One rendered object as applied: owners set, and the VM's runStrategy left to virtctl unless the profile changed it. */
  private withOwner(o: any, me: { name: string; uid: string }): any {
    if (o.kind === 'DataVolume') return o;
    if (o.kind === 'NetworkAttachmentDefinition') return this.sharedNad(o, me);
    if (o.kind === 'VirtualMachine') return this.virtualMachine(o, me);
    return withMetadata(o, { ownerReferences: [ownerReference(me, true)] });
  }

  /** A NAD as its users agree on it: one owner reference per user, and the shared metadata once several use it. */
  private sharedNad(o: any, fallbackOwner: { name: string; uid: string }): any {
    const users = [...(this.nadUsers.get(keyOf(o)) ?? [])]
      .map((k) => this.watches.profile.get(k))
      .filter((p) => p && !p.metadata.deletionTimestamp && this.sameNad(keyOf(p), o))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const owners = users.map((p) => ownerReference({ name: p.metadata.name, uid: p.metadata.uid }, false));
    // As synth labels a NAD several profiles use; else each user would apply its own vmprofile label, in turn.
    const shared = users.length < 2 ? {} : sharedNadMetadata(users.map((p) => ({
      profile: keyOf(p),
      labels: this.renders.get(keyOf(p))!.objects.find((x) => x.kind === o.kind && keyOf(x) === keyOf(o)).metadata.labels ?? {},
    })), o.metadata.annotations ?? {});
    return withMetadata(o, Object.assign({}, shared, { ownerReferences: owners.length > 0 ? owners : [ownerReference(fallbackOwner, false)] }));
  }

  /**
   * Applies a NAD that exists already, once its users settled: each new user changes its owners, and applying it
   * per user would send the growing owner list once per user.
   */
  private async reconcileNad(key: string): Promise<string> {
    const users = [...(this.nadUsers.get(key) ?? [])];
    const renders = users.map((k) => this.renders.get(k)).filter((r): r is RenderedProfile => r !== undefined);
    const definitions = renders.map((r) => r.objects.find((o) => o.kind === 'NetworkAttachmentDefinition' && keyOf(o) === key));
    const first = definitions[0];
    // No user left (pruned with the last one), or users that disagree (each reports the conflict): nothing to apply.
    if (!first || renders.some((r) => !this.sameNadIn(r, first))) return 'skipped';
    const owner = this.watches.profile.get(renders[0].key);
    if (!owner) return 'skipped';
    await this.applyIfChanged(this.sharedNad(first, { name: owner.metadata.name, uid: owner.metadata.uid }));
    return 'success';
  }

  private virtualMachine(vm: any, me: { name: string; uid: string }): any {
    const wanted = vm.spec.runStrategy;
    const live = this.watches.vm.get(keyOf(vm));
    const keepLive = live && live.metadata?.annotations?.[RUN_STRATEGY_ANNOTATION] === wanted && typeof live.spec?.runStrategy === 'string';
    const annotations = Object.assign({}, vm.metadata.annotations, { [RUN_STRATEGY_ANNOTATION]: wanted });
    const spec = keepLive ? Object.assign({}, vm.spec, { runStrategy: live.spec.runStrategy }) : vm.spec;
    return Object.assign({}, withMetadata(vm, { annotations, ownerReferences: [ownerReference(me, true)] }), { spec });
  }

  private cacheFor(obj: any): ResourceWatch {
    switch (obj.kind) {
      case 'VirtualMachine': return this.watches.vm;
      case 'DataVolume': return this.watches.dv;
      case 'NetworkAttachmentDefinition': return this.watches.nad;
      case 'Secret': return this.watches.secret;
      case 'Service': return this.watches.service;
      case 'NodeNetworkConfigurationPolicy': return this.watches.nncp;
      default: throw new Error(`no cache for ${obj.kind}`);
    }
  }

  /** Applies `desired` unless the live object already holds it. */
  private async applyIfChanged(desired: any): Promise<void> {
    const id = `${desired.kind}/${keyOf(desired)}`;
    const live = this.cacheFor(desired).get(keyOf(desired));
    if (live && contains(live, desired)) return;
    // The server keeps a difference our last apply of the same object already sent (a normalized value): applying
    // it again would loop. A changed desired object is always applied.
    const sent = createHash('sha256').update(JSON.stringify(desired)).digest('base64');
    const last = this.appliedVersions.get(id);
    if (live && last?.resourceVersion === live.metadata?.resourceVersion && last?.sent === sent) return;
    const result = await this.api.apply(desired, FIELD_MANAGER);
    if (this.appliedVersions.size > 100_000) this.appliedVersions.clear();
    this.appliedVersions.set(id, { resourceVersion: result?.metadata?.resourceVersion, sent });
  }

  /** Deletes the objects this profile alone owns and no longer renders; hands shared NADs to their other users. */
  private async prune(profile: any, r: RenderedProfile): Promise<void> {
    const uid = profile.metadata.uid;
    const wanted = new Set(r.objects.map((o) => `${o.kind}/${keyOf(o)}`));
    for (const watch of [this.watches.vm, this.watches.secret, this.watches.service, this.watches.nad]) {
      for (const obj of watch.list()) {
        if (obj.metadata.namespace !== profile.metadata.namespace || wanted.has(`${obj.kind}/${keyOf(obj)}`)) continue;
        const refs: any[] = obj.metadata.ownerReferences ?? [];
        if (!refs.some((ref) => ref.uid === uid)) continue;
        const others = refs.filter((ref) => ref.uid !== uid && ref.kind === PROFILE_KIND);
        if (others.length > 0) {
          this.queue.add(objectKey(obj.metadata.namespace, others[0].name));
          continue;
        }
        const res = await this.api.request('DELETE', objectPath(watch.resource, obj.metadata.name, obj.metadata.namespace),
          { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: obj.metadata.uid } });
        if (res.status >= 300 && res.status !== 404 && res.status !== 409) {
          throw new KubeApiError('DELETE', obj.metadata.name, res.status, res.body);
        }
      }
    }
  }

  /** After a render change: NADs this profile stopped using get their owners re-applied by a remaining user. */
  private requeueNadUsers(before: RenderedProfile | undefined, after: RenderedProfile | undefined): void {
    const now = new Set((after?.objects ?? []).filter((o) => o.kind === 'NetworkAttachmentDefinition').map(keyOf));
    for (const o of before?.objects ?? []) {
      if (o.kind !== 'NetworkAttachmentDefinition') continue;
      const users = [...(this.nadUsers.get(keyOf(o)) ?? [])].filter((k) => k !== before!.key);
      // Users of a contradicting definition must learn that the contradiction is gone.
      if (!now.has(keyOf(o)) || !after || !this.sameNadIn(after, o)) for (const u of users) this.queue.add(u);
    }
    for (const o of after?.objects ?? []) {
      if (o.kind !== 'NetworkAttachmentDefinition') continue;
      for (const u of this.nadUsers.get(keyOf(o)) ?? []) {
        if (u !== after!.key && !this.sameNad(u, o)) this.queue.add(u);
      }
    }
  }

  private sameNad(profileKey: string, nad: any): boolean {
    const r = this.renders.get(profileKey);
    return r !== undefined && this.sameNadIn(r, nad);
  }

  private sameNadIn(r: RenderedProfile, nad: any): boolean {
    const theirs = r.objects.find((o) => o.kind === 'NetworkAttachmentDefinition' && keyOf(o) === keyOf(nad));
    return theirs !== undefined && JSON.stringify(theirs.spec) === JSON.stringify(nad.spec) &&
      JSON.stringify(theirs.metadata.annotations ?? {}) === JSON.stringify(nad.metadata.annotations ?? {});
  }

  /** A NAD this profile defines differently from another profile: both are in error, each naming the other. */
  private nadConflicts(r: RenderedProfile): ProfileProblem | undefined {
    const messages: string[] = [];
    for (const o of r.objects) {
      if (o.kind !== 'NetworkAttachmentDefinition') continue;
      const others = [...(this.nadUsers.get(keyOf(o)) ?? [])].filter((u) => u !== r.key && !this.sameNad(u, o)).sort();
      if (others.length > 0) {
        messages.push(`NetworkAttachmentDefinition ${keyOf(o)}: defined differently by ${others.map((u) => `${PROFILE_KIND}/${u}`).join(', ')}; ` +
          'use the same network settings or another network name');
      }
    }
    return messages.length > 0 ? { reason: 'NetworkConflict', messages } : undefined;
  }

  private nodeNetworkConflict(key: string): ProfileProblem | undefined {
    const messages = this.nodeNetworkConflicts.get(key);
    return messages ? { reason: 'NodeNetworkConflict', messages } : undefined;
  }

  /** The cluster's node-network policies: merged from every profile, applied when changed, never deleted. */
  private async reconcileNodeNetworks(): Promise<string> {
    const { policies, conflicts } = renderNodeNetworks([...this.renders.values()]);
    const changed = [...new Set([...conflicts.keys(), ...this.nodeNetworkConflicts.keys()])]
      .filter((k) => JSON.stringify(conflicts.get(k)) !== JSON.stringify(this.nodeNetworkConflicts.get(k)));
    this.nodeNetworkConflicts = conflicts;
    for (const k of changed) this.queue.add(k);
    for (const policy of policies) await this.applyIfChanged(policy);
    const wanted = new Set(policies.map((p) => p.metadata.name));
    for (const live of this.watches.nncp.list()) {
      const name = live.metadata.name;
      if (!isNodeNetworkPolicy(live) || wanted.has(name)) {
        this.reportedUnusedPolicies.delete(name);
        continue;
      }
      if (this.reportedUnusedPolicies.has(name)) continue;
      this.reportedUnusedPolicies.add(name);
      await this.events.record({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name, uid: live.metadata.uid },
        'Normal', 'NodeNetworkUnused',
        `no VirtualMachineProfile needs ${name} any more; it is kept (removing node networking is an explicit nmstate change): ` +
        `kubectl delete nncp ${name} when no VM uses it`);
    }
    return conflicts.size > 0 ? 'conflict' : 'success';
  }

  /** Derives the status from the live objects (or from `problem`), and writes it when it changed. */
  private async writeStatus(profile: any, problem: ProfileProblem | undefined): Promise<void> {
    const r = this.renders.get(keyOf(profile));
    const name = profile.metadata.name;
    const vmName = profileVmName(name);
    let status: VirtualMachineProfileStatus;
    const vm = this.watches.vm.get(objectKey(profile.metadata.namespace, vmName));
    if (r) {
      const derived = deriveStatus(r.doc, this.statusObjects(r, vm));
      status = problem ? problemStatus(vmName, problem, derived) : derived;
    } else {
      status = problemStatus(vmName, problem!);
    }
    const restart = !problem ? restartRequired(vm) : undefined;
    if (restart) status = Object.assign({}, status, { conditions: [...status.conditions, restart] });
    const previous = profile.status;
    const next = withTransitions(status, previous, profile.metadata.generation, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    if (sameStatus(previous, next)) return;
    // A merge patch of the whole status, not an apply: server-side apply drops an empty list-map (no networks),
    // which the CRD's status schema requires. Keys the new status lacks are removed with null.
    const removed = Object.keys(previous ?? {}).filter((k) => !(k in next)).map((k) => [k, null]);
    await this.api.call('PATCH', `${objectPath(RESOURCES.profile, name, profile.metadata.namespace)}/status?fieldManager=${FIELD_MANAGER}`,
      { status: Object.assign(Object.fromEntries(removed), next) }, 'application/merge-patch+json');
    const subject = { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, name, namespace: profile.metadata.namespace, uid: profile.metadata.uid };
    const ready = next.conditions.find((c) => c.type === 'Ready');
    if (previous?.phase !== next.phase) {
      await this.events.record(subject, next.phase === ProfilePhase.ERROR ? 'Warning' : 'Normal', problem?.reason ?? next.phase,
        `phase ${previous?.phase ?? '(none)'} -> ${next.phase}: ${ready?.message ?? ''}`);
    } else if (problem && ready?.message !== previous?.conditions?.find((c: any) => c.type === 'Ready')?.message) {
      await this.events.record(subject, 'Warning', problem.reason, ready?.message ?? problem.messages.join('; '));
    }
    if (restart && !previous?.conditions?.some((c: any) => c.type === restart.type)) {
      await this.events.record(subject, 'Normal', 'RestartRequired', restart.message);
    }
  }

  /** The live objects `deriveStatus` reads for one profile. */
  private statusObjects(r: RenderedProfile, vm: any): unknown[] {
    const ns = r.doc.metadata.namespace!;
    const name = r.doc.metadata.name;
    const objects: unknown[] = [];
    const push = (o: any) => { if (o) objects.push(o); };
    push(vm);
    push(this.watches.vmi.get(objectKey(ns, profileVmName(name))));
    for (const d of r.doc.spec.disks ?? []) {
      push(this.watches.dv.get(objectKey(ns, dataVolumeName(name, d.name))));
      push(this.watches.pvc.get(objectKey(ns, dataVolumeName(name, d.name))));
    }
    for (const n of r.doc.spec.networks ?? []) push(this.watches.nad.get(nadKey(ns, n)));
    for (const p of this.watches.nncp.list()) if (isNodeNetworkPolicy(p)) objects.push(p);
    return objects;
  }
}

/** The NAD a network refers to, as a cache key: `nadName` (`name` or `ns/name`) or the created `<network>-nad`. */
function nadKey(namespace: string, network: { name: string; nadName?: string }): string {
  const ref = network.nadName ?? createdNadName(network.name);
  return ref.includes('/') ? ref : objectKey(namespace, ref);
}

function withMetadata(obj: any, extra: Record<string, unknown>): any {
  return Object.assign({}, obj, { metadata: Object.assign({}, obj.metadata, extra) });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
