/**
 * Status: derives the documented `VirtualMachineProfile.status` from the live cluster objects of one profile.
 *
 * cdk8s only writes manifests, so nothing in the cluster fills the profile's status: this module reads what
 * `kubectl get vm,vmi,dv,pvc,nad,nncp -o json` returns and computes it (`vmprofile status`, or a controller).
 * Pure and deterministic: no clock, no I/O; odd or foreign objects are ignored, never thrown on.
 *
 * ## Phase rules
 *
 * Evaluated top to bottom, the first matching rule wins (`PHASE_RULES` holds the same table as data).
 * `vm` is `<name>-vm`, `vmi` its instance, `dataVolume`/`pvc` any of the profile's `<name>-<disk>`;
 * `vm.condition` values read `Type=Status`; `+` joins tests that must all match.
 *
 * | # | Phase | Source | Values | Why |
 * | --- | --- | --- | --- | --- |
 * | 1 | Error | vm.condition | Failure=True | KubeVirt could not create or start the VMI |
 * | 2 | Error | vm.printableStatus | CrashLoopBackOff, ErrorUnschedulable, ErrImagePull, ImagePullBackOff, ErrorPvcNotFound, DataVolumeError, ErrorDataVolumeNotFound, DataVolumeNotFound, any other `Err*` | KubeVirt's error statuses: a person has to act |
 * | 3 | Error | vm.printableStatus | Unknown | virt-handler lost track of the VM (node down?): a person has to look |
 * | 4 | Error | dataVolume.phase | Failed | the import failed for good |
 * | 5 | Error | pvc.phase | Lost | the claim's volume is gone |
 * | 6 | Error | vmi.phase | Failed | the guest crashed and nothing restarted it |
 * | 7 | Stopped | vm.printableStatus | Stopping, Terminating, Paused | going down, being deleted, or paused (the guest does not run; `virtctl unpause` resumes it) |
 * | 8 | Running | vm.printableStatus | Migrating | a live migration keeps the guest running |
 * | 9 | Running | vmi.phase + vm.condition | Running + Ready=True | the spec's definition of Running |
 * | 10 | Running | vm.printableStatus + vm.condition | Running + Ready=True | the same when only the VM was given |
 * | 11 | Creating | vm.printableStatus | Provisioning, WaitingForVolumeBinding, Starting, WaitingForReceiver, Running | still coming up (Running without Ready=True: booting) |
 * | 12 | Creating | dataVolume.phase | anything but Succeeded, Failed, WaitForFirstConsumer, PendingPopulation | disks still importing or cloning |
 * | 13 | Stopped | vm.printableStatus | Stopped | stopped on purpose (or `autoStart: false`) |
 * | 14 | Stopped | vm.runStrategy | Halted | a halted VM before KubeVirt reported a status |
 * | 15 | Creating | dataVolume.phase | WaitForFirstConsumer, PendingPopulation | binding waits for the VM's pod; below Stopped because a stopped VM never gets one |
 * | 16 | Creating | pvc.phase | Pending | same as the rule above, for claims |
 * | 17 | Creating | objects | found | created, nothing reported yet |
 * | 18 | Pending | objects | none | not applied yet, or not visible |
 */

import { createdNadName, dataVolumeName, interfaceName, vmName as profileVmName } from '../plan/naming';
import { DiskSpec, NetworkSpec, VirtualMachineProfileManifest } from '../spec/profile-spec';
import { FieldError, readingInput, ValidationError } from '../validate/field-error';

/** Values of `status.phase`. */
export class ProfilePhase {
  public static readonly PENDING = 'Pending';
  public static readonly CREATING = 'Creating';
  public static readonly RUNNING = 'Running';
  public static readonly STOPPED = 'Stopped';
  public static readonly ERROR = 'Error';

  private constructor() {}
}

/** Types of `status.conditions[]`, in the order they are reported. */
export class ProfileConditionType {
  public static readonly READY = 'Ready';
  public static readonly NETWORKS_CONFIGURED = 'NetworksConfigured';
  public static readonly VOLUMES_BOUND = 'VolumesBound';

  private constructor() {}
}

/** The note added when an interface has no IP address. */
export const GUEST_AGENT_IP_NOTE = 'IP addresses are reported only when qemu-guest-agent runs in the guest';

/** One condition of `status.conditions[]` (Kubernetes condition shape). */
export interface ProfileCondition {
  /** `Ready`, `NetworksConfigured` or `VolumesBound`. */
  readonly type: string;
  /** `"True"`, `"False"` or `"Unknown"`. */
  readonly status: string;
  /**
   * The `metadata.generation` the condition was set for.
   * @default - left out by `deriveStatus`; the controller sets it
   */
  readonly observedGeneration?: number;
  /**
   * When the condition last changed, copied from the source objects (never the clock).
   * @default - unknown, left out
   */
  readonly lastTransitionTime?: string;
  /** One CamelCase word saying why. */
  readonly reason: string;
  /** What was found, naming what is missing. */
  readonly message: string;
}

/** One entry of `status.networks[]`, in `spec.networks` order. */
export interface NetworkStatus {
  /** Network name from the profile. */
  readonly name: string;
  /** Guest interface name: as the guest agent reports it, else `eth<i>` from the network's position. */
  readonly interface: string;
  /**
   * IP address as the guest agent reports it (KubeVirt gives no prefix length).
   * @default - left out when the guest agent reports none
   */
  readonly ipAddress?: string;
  /**
   * MAC address: reported by the VMI, else the VM spec's `macAddress`.
   * @default - left out when neither has one
   */
  readonly macAddress?: string;
  /** The NetworkAttachmentDefinition reference: the profile's `nadName` (`name` or `ns/name`), else `<network>-nad`. */
  readonly nadName: string;
}

/** One entry of `status.volumes[]`, in `spec.disks` order. */
export interface VolumeStatus {
  /** Disk name from the profile. */
  readonly name: string;
  /** PVC of the disk, `<profile>-<disk>`. */
  readonly pvcName: string;
  /** True when the PVC's phase is `Bound`. */
  readonly bound: boolean;
  /**
   * Actual capacity of the PVC (`status.capacity.storage`).
   * @default - left out until the PVC is bound
   */
  readonly size?: string;
}

/** `status` of a VirtualMachineProfile, as the spec documents it. */
export interface VirtualMachineProfileStatus {
  /** `Pending`, `Creating`, `Running`, `Stopped` or `Error` (see `PHASE_RULES`). */
  readonly phase: string;
  /** Name of the KubeVirt VirtualMachine, `<profile>-vm`. */
  readonly vmName: string;
  /**
   * The `metadata.generation` this status was derived from.
   * @default - left out by `deriveStatus`; the controller sets it
   */
  readonly observedGeneration?: number;
  /**
   * Node the VMI runs on.
   * @default - left out while no VMI is scheduled
   */
  readonly nodeName?: string;
  /** `Ready`, `NetworksConfigured` and `VolumesBound`, always all three, in this order; the controller adds `RestartRequired` while KubeVirt reports one. */
  readonly conditions: ProfileCondition[];
  /** One entry per profile network. */
  readonly networks: NetworkStatus[];
  /** One entry per profile disk. */
  readonly volumes: VolumeStatus[];
}

/** What a phase rule looks at. */
export type PhaseSource =
  | 'vm.condition'
  | 'vm.printableStatus'
  | 'vm.runStrategy'
  | 'vmi.phase'
  | 'dataVolume.phase'
  | 'pvc.phase'
  | 'objects';

/** One test of a phase rule: the source reports one of `values`, or any value not in `except`. */
export interface PhaseTest {
  /** What is looked at. `vm.condition` values read `Type=Status`; `objects` values are `found` and `none`. */
  readonly source: PhaseSource;
  /** Matching values. */
  readonly values?: readonly string[];
  /** Matches any reported value except these (used instead of `values`). */
  readonly except?: readonly string[];
  /** Also matches any value starting with one of these prefixes. */
  readonly prefixes?: readonly string[];
}

/** One row of the phase table: every test must match. */
export interface PhaseRule {
  /** Resulting phase. */
  readonly phase: string;
  /** Tests, all of which must match. */
  readonly tests: readonly PhaseTest[];
  /** Why, for the table in docs/status.md. */
  readonly why: string;
}

const KUBEVIRT_ERRORS = [
  'CrashLoopBackOff', 'ErrorUnschedulable', 'ErrImagePull', 'ImagePullBackOff', 'ErrorPvcNotFound',
  'DataVolumeError', 'ErrorDataVolumeNotFound', 'DataVolumeNotFound',
];
/** DV phases that wait for the VM's pod rather than for CDI. */
const DV_WAITING_FOR_CONSUMER = ['WaitForFirstConsumer', 'PendingPopulation'];

/** The phase table (see the module comment); `derivePhase` interprets it, docs/status.md is generated from it. */
export const PHASE_RULES: readonly PhaseRule[] = [
  { phase: 'Error', tests: [{ source: 'vm.condition', values: ['Failure=True'] }], why: 'KubeVirt could not create or start the VMI' },
  { phase: 'Error', tests: [{ source: 'vm.printableStatus', values: KUBEVIRT_ERRORS, prefixes: ['Err'] }], why: "KubeVirt's error statuses: a person has to act" },
  { phase: 'Error', tests: [{ source: 'vm.printableStatus', values: ['Unknown'] }], why: 'virt-handler lost track of the VM (node down?): a person has to look' },
  { phase: 'Error', tests: [{ source: 'dataVolume.phase', values: ['Failed'] }], why: 'the import failed for good' },
  { phase: 'Error', tests: [{ source: 'pvc.phase', values: ['Lost'] }], why: "the claim's volume is gone" },
  { phase: 'Error', tests: [{ source: 'vmi.phase', values: ['Failed'] }], why: 'the guest crashed and nothing restarted it' },
  { phase: 'Stopped', tests: [{ source: 'vm.printableStatus', values: ['Stopping', 'Terminating', 'Paused'] }], why: 'going down, being deleted, or paused (the guest does not run; `virtctl unpause` resumes it)' },
  { phase: 'Running', tests: [{ source: 'vm.printableStatus', values: ['Migrating'] }], why: 'a live migration keeps the guest running' },
  { phase: 'Running', tests: [{ source: 'vmi.phase', values: ['Running'] }, { source: 'vm.condition', values: ['Ready=True'] }], why: "the spec's definition of Running" },
  { phase: 'Running', tests: [{ source: 'vm.printableStatus', values: ['Running'] }, { source: 'vm.condition', values: ['Ready=True'] }], why: 'the same when only the VM was given' },
  { phase: 'Creating', tests: [{ source: 'vm.printableStatus', values: ['Provisioning', 'WaitingForVolumeBinding', 'Starting', 'WaitingForReceiver', 'Running'] }], why: 'still coming up (Running without Ready=True: booting)' },
  { phase: 'Creating', tests: [{ source: 'dataVolume.phase', except: ['Succeeded', 'Failed', ...DV_WAITING_FOR_CONSUMER] }], why: 'disks still importing or cloning' },
  { phase: 'Stopped', tests: [{ source: 'vm.printableStatus', values: ['Stopped'] }], why: 'stopped on purpose (or `autoStart: false`)' },
  { phase: 'Stopped', tests: [{ source: 'vm.runStrategy', values: ['Halted'] }], why: 'a halted VM before KubeVirt reported a status' },
  { phase: 'Creating', tests: [{ source: 'dataVolume.phase', values: DV_WAITING_FOR_CONSUMER }], why: "binding waits for the VM's pod; below Stopped because a stopped VM never gets one" },
  { phase: 'Creating', tests: [{ source: 'pvc.phase', values: ['Pending'] }], why: 'same as the rule above, for claims' },
  { phase: 'Creating', tests: [{ source: 'objects', values: ['found'] }], why: 'created, nothing reported yet' },
  { phase: 'Pending', tests: [{ source: 'objects', values: ['none'] }], why: 'not applied yet, or not visible' },
];

/** Renders `PHASE_RULES` as the markdown table of the module comment (for docs/status.md). */
export function phaseRulesMarkdown(rules: readonly PhaseRule[] = PHASE_RULES): string {
  const cell = (t: PhaseTest): string => {
    if (t.except) return `anything but ${t.except.join(', ')}`;
    return [...(t.values ?? []), ...(t.prefixes ?? []).map((p) => `any other \`${p}*\``)].join(', ');
  };
  const rows = rules.map((r, i) =>
    `| ${i + 1} | ${r.phase} | ${r.tests.map((t) => t.source).join(' + ')} | ${r.tests.map(cell).join(' + ')} | ${r.why} |`);
  return ['| # | Phase | Source | Values | Why |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Reading untyped objects: everything is `unknown` until checked, so odd input degrades to "absent".

type Obj = { readonly [key: string]: unknown };

function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Obj : undefined;
}
function asStr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function asArr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
function path(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((v, k) => asObj(v)?.[k], value);
}

/** A Kubernetes-style condition as found on VM, VMI, DV and NNCP. */
interface SourceCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

function conditionsOf(obj: unknown): SourceCondition[] {
  return asArr(path(obj, 'status', 'conditions')).flatMap((c) => {
    const type = asStr(path(c, 'type'));
    const status = asStr(path(c, 'status'));
    if (type === undefined || status === undefined) return [];
    return [{
      type,
      status,
      reason: asStr(path(c, 'reason')) || undefined,
      message: asStr(path(c, 'message')) || undefined,
      lastTransitionTime: asStr(path(c, 'lastTransitionTime')) || undefined,
    }];
  });
}
function conditionOf(obj: unknown, type: string): SourceCondition | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

/**
 * Refuses what no status can be derived from, with our error: a profile that is not an object with a
 * `metadata.name`, objects that are not an array. Everything else is read leniently.
 */
function checkStatusInput(profile: unknown, objects: unknown): void {
  readingInput(() => {
    const errors: FieldError[] = [];
    const name = path(asObj(path(profile, 'metadata')), 'name');
    if (asObj(profile) === undefined) {
      errors.push({ type: 'Invalid', field: 'profile', value: profile, detail: 'must be a VirtualMachineProfile manifest (an object)' });
    } else if (typeof name !== 'string' || name === '') {
      errors.push({ type: 'Required', field: 'profile.metadata.name', detail: 'the status is found by the names derived from it' });
    }
    if (!Array.isArray(objects)) {
      errors.push({ type: 'Invalid', field: 'objects', value: objects, detail: 'must be an array of Kubernetes objects (an empty one when there are none)' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
  });
}

function flattenList(objects: readonly unknown[]): unknown[] {
  return objects.flatMap((o) => {
    const kind = asStr(path(o, 'kind'));
    return kind !== undefined && kind.endsWith('List') && Array.isArray(path(o, 'items')) ? flattenList(asArr(path(o, 'items'))) : [o];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Finding the profile's objects.

/** The profile's objects found among the input, by role. */
interface Observed {
  readonly vm?: Obj;
  readonly vmi?: Obj;
  /** By disk name. */
  readonly dataVolumes: ReadonlyMap<string, Obj>;
  /** By disk name. */
  readonly claims: ReadonlyMap<string, Obj>;
  /** By network name. */
  readonly nads: ReadonlyMap<string, Obj>;
  /** Every NNCP given, when some network has `nodeNetwork`. */
  readonly nncps: readonly Obj[];
}

/** The profile's networks; a profile document without them (or without a spec) has none. */
function networksOf(profile: VirtualMachineProfileManifest): readonly NetworkSpec[] {
  return asArr(path(profile, 'spec', 'networks')).filter((n): n is NetworkSpec => typeof path(n, 'name') === 'string');
}
/** The profile's disks, same tolerance. */
function disksOf(profile: VirtualMachineProfileManifest): readonly DiskSpec[] {
  return asArr(path(profile, 'spec', 'disks')).filter((d): d is DiskSpec => typeof path(d, 'name') === 'string');
}

/** `ns/name` references split; a bare name lives in `defaultNamespace`. */
function splitRef(ref: string, defaultNamespace: string | undefined): { namespace?: string; name: string } {
  const slash = ref.indexOf('/');
  return slash >= 0 ? { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) } : { namespace: defaultNamespace, name: ref };
}

/** The NAD reference of a network, as the status reports it. */
function nadRef(network: NetworkSpec): string {
  return network.nadName ? network.nadName : createdNadName(network.name);
}

function observe(profile: VirtualMachineProfileManifest, objects: readonly unknown[]): Observed {
  const all = flattenList(objects).map(asObj).filter((o): o is Obj => o !== undefined);
  const name = profile.metadata.name;
  const vmName = profileVmName(name);
  const byKind = (kind: string) => all.filter((o) => path(o, 'kind') === kind);
  // Without a profile namespace (kubectl's current namespace applies) the VM's namespace decides.
  const namespace = profile.metadata.namespace
    ?? asStr(path(byKind('VirtualMachine').find((o) => path(o, 'metadata', 'name') === vmName), 'metadata', 'namespace'));
  // An object without a namespace is not "of another namespace": rendered manifests often have none.
  const find = (kind: string, objName: string, ns = namespace) => byKind(kind).find((o) => {
    const objNs = asStr(path(o, 'metadata', 'namespace'));
    return path(o, 'metadata', 'name') === objName && (ns === undefined || objNs === undefined || objNs === ns);
  });
  const byDisk = (kind: string) => new Map(disksOf(profile).flatMap((d) => {
    const o = find(kind, dataVolumeName(name, d.name));
    return o ? [[d.name, o] as const] : [];
  }));
  const nads = new Map(networksOf(profile).flatMap((n) => {
    const ref = splitRef(nadRef(n), namespace);
    const o = find('NetworkAttachmentDefinition', ref.name, ref.namespace);
    return o ? [[n.name, o] as const] : [];
  }));
  const wantsNncp = networksOf(profile).some((n) => n.nodeNetwork !== undefined);
  return {
    vm: find('VirtualMachine', vmName),
    vmi: find('VirtualMachineInstance', vmName),
    dataVolumes: byDisk('DataVolume'),
    claims: byDisk('PersistentVolumeClaim'),
    nads,
    nncps: wantsNncp ? byKind('NodeNetworkConfigurationPolicy') : [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase.

/** The values each phase source reports for the observed objects. */
function sourceValues(o: Observed): Record<PhaseSource, string[]> {
  const defined = (values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined);
  const found = o.vm !== undefined || o.dataVolumes.size > 0 || o.claims.size > 0;
  return {
    'vm.condition': conditionsOf(o.vm).map((c) => `${c.type}=${c.status}`),
    'vm.printableStatus': defined([asStr(path(o.vm, 'status', 'printableStatus'))]),
    'vm.runStrategy': defined([asStr(path(o.vm, 'spec', 'runStrategy')) ?? asStr(path(o.vm, 'status', 'runStrategy'))]),
    'vmi.phase': defined([asStr(path(o.vmi, 'status', 'phase'))]),
    // A DV without a phase has just been created: CDI has not picked it up yet.
    'dataVolume.phase': [...o.dataVolumes.values()].map((dv) => asStr(path(dv, 'status', 'phase')) || 'Pending'),
    'pvc.phase': [...o.claims.values()].map((pvc) => asStr(path(pvc, 'status', 'phase')) || 'Pending'),
    'objects': [found ? 'found' : 'none'],
  };
}

function testMatches(test: PhaseTest, reported: readonly string[]): boolean {
  return reported.some((v) => test.except
    ? !test.except.includes(v)
    : (test.values ?? []).includes(v) || (test.prefixes ?? []).some((p) => v.startsWith(p)));
}

/** The phase and the (0-based) `PHASE_RULES` index that decided it. */
export interface PhaseDecision {
  /** The phase. */
  readonly phase: string;
  /** Index of the deciding rule in `PHASE_RULES`. */
  readonly rule: number;
}

/** Decides the phase by the first matching rule of `PHASE_RULES`. */
export function derivePhase(profile: VirtualMachineProfileManifest, objects: unknown[]): PhaseDecision {
  checkStatusInput(profile, objects);
  return readingInput(() => decidePhase(observe(profile, objects)));
}

function decidePhase(o: Observed): PhaseDecision {
  const reported = sourceValues(o);
  const rule = PHASE_RULES.findIndex((r) => r.tests.every((t) => testMatches(t, reported[t.source])));
  // The last rule matches whatever the others did not; -1 cannot happen with PHASE_RULES intact.
  return rule >= 0 ? { phase: PHASE_RULES[rule].phase, rule } : { phase: ProfilePhase.PENDING, rule };
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions.

/** Outcome of one check feeding an aggregated condition. */
interface Finding {
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  /** Transition time of the source condition that backs a True finding. */
  readonly since?: string;
}

/** Latest of ISO timestamps (RFC 3339 in UTC sorts as text). */
function latest(times: (string | undefined)[]): string | undefined {
  return times.filter((t): t is string => t !== undefined).sort().pop();
}

/**
 * Folds findings into one condition: any False wins (its first reason), then Unknown, else True.
 * The time is known only for True: it is when the last source condition became true.
 */
function aggregate(type: string, findings: readonly Finding[], okReason: string, okMessage: string, notes: readonly string[] = []): ProfileCondition {
  const bad = findings.filter((f) => f.status === 'False');
  const unknown = findings.filter((f) => f.status === 'Unknown');
  const problems = bad.length > 0 ? bad : unknown;
  if (problems.length > 0) {
    return {
      type,
      status: problems[0].status,
      reason: problems[0].reason,
      message: [...problems.map((f) => f.message), ...notes].join('; '),
    };
  }
  const since = findings.length > 0 && findings.every((f) => f.since !== undefined) ? latest(findings.map((f) => f.since)) : undefined;
  return withTime({ type, status: 'True', reason: okReason, message: [okMessage, ...notes].join('; ') }, since);
}

function withTime(c: ProfileCondition, time: string | undefined): ProfileCondition {
  return time === undefined ? c : { type: c.type, status: c.status, lastTransitionTime: time, reason: c.reason, message: c.message };
}

function qualified(o: Obj | undefined, fallbackName: string): string {
  const ns = asStr(path(o, 'metadata', 'namespace'));
  const name = asStr(path(o, 'metadata', 'name')) ?? fallbackName;
  return ns ? `${ns}/${name}` : name;
}

/** Ready: the VM's own Ready condition, copied. */
function readyCondition(o: Observed, vmName: string): ProfileCondition {
  const type = ProfileConditionType.READY;
  if (!o.vm) return { type, status: 'False', reason: 'VirtualMachineNotFound', message: `VirtualMachine ${vmName} not found` };
  const ready = conditionOf(o.vm, 'Ready');
  if (!ready) return { type, status: 'Unknown', reason: 'NoReadyCondition', message: `VirtualMachine ${qualified(o.vm, vmName)} reports no Ready condition yet` };
  // KubeVirt leaves reason and message empty on Ready=True; the spec shows these.
  const fallback = ready.status === 'True'
    ? { reason: 'VMRunning', message: 'Virtual machine is running' }
    : { reason: 'VMNotReady', message: `VirtualMachine ${qualified(o.vm, vmName)} is not ready` };
  const copied = { type, status: ready.status, reason: ready.reason ?? fallback.reason, message: ready.message ?? fallback.message };
  return withTime(copied, ready.lastTransitionTime);
}

/** VMI `status.interfaces[]` entry of a network. */
function vmiInterface(o: Observed, network: string): Obj | undefined {
  return asArr(path(o.vmi, 'status', 'interfaces')).map(asObj).find((i) => i !== undefined && i.name === network);
}

/** The IP the guest agent reported; KubeVirt marks its sources in `infoSource` (`domain, guest-agent, ...`). */
function guestAgentIp(iface: Obj | undefined): string | undefined {
  const ip = asStr(iface?.ipAddress) || asStr(asArr(iface?.ipAddresses)[0]) || undefined;
  const source = asStr(iface?.infoSource);
  return ip !== undefined && (source === undefined || source.includes('guest-agent')) ? ip : undefined;
}

function nncpFinding(nncp: Obj): Finding {
  const name = qualified(nncp, '?');
  const available = conditionOf(nncp, 'Available');
  const degraded = conditionOf(nncp, 'Degraded');
  if (degraded?.status === 'True') {
    return { status: 'False', reason: 'NodeNetworkDegraded', message: `NodeNetworkConfigurationPolicy ${name} is Degraded${degraded.message ? `: ${degraded.message}` : ''}` };
  }
  if (available?.status !== 'True') {
    const progressing = conditionOf(nncp, 'Progressing')?.status === 'True';
    return {
      status: 'False',
      reason: progressing ? 'NodeNetworkProgressing' : 'NodeNetworkNotAvailable',
      message: `NodeNetworkConfigurationPolicy ${name} is not Available${progressing ? ' (still progressing)' : available?.message ? `: ${available.message}` : ''}`,
    };
  }
  return { status: 'True', reason: 'NodeNetworkAvailable', message: '', since: available.lastTransitionTime };
}

/** NetworksConfigured: NADs exist, NNCPs are Available and not Degraded, the VMI reports every network. */
function networksCondition(profile: VirtualMachineProfileManifest, o: Observed): ProfileCondition {
  const networks = networksOf(profile);
  const findings: Finding[] = [];
  const missingNads = networks.filter((n) => !o.nads.has(n.name)).map(nadRef);
  if (missingNads.length > 0) {
    findings.push({ status: 'False', reason: 'NetworkAttachmentDefinitionMissing', message: `NetworkAttachmentDefinition not found: ${missingNads.join(', ')}` });
  }
  findings.push(...o.nncps.map(nncpFinding));
  const withNodeNetwork = networks.filter((n) => n.nodeNetwork !== undefined).map((n) => n.name);
  if (withNodeNetwork.length > 0 && o.nncps.length === 0) {
    findings.push({ status: 'Unknown', reason: 'NodeNetworkPolicyNotGiven', message: `no NodeNetworkConfigurationPolicy given for ${withNodeNetwork.join(', ')}` });
  }
  if (networks.length > 0) {
    if (!o.vmi) {
      findings.push({ status: 'Unknown', reason: 'VirtualMachineInstanceNotFound', message: 'no VirtualMachineInstance: interfaces are known only while the VM runs' });
    } else {
      const missing = networks.filter((n) => !vmiInterface(o, n.name)).map((n) => n.name);
      if (missing.length > 0) {
        findings.push({ status: 'False', reason: 'InterfacesMissing', message: `VirtualMachineInstance reports no interface for ${missing.join(', ')}` });
      }
    }
  }
  const noIp = o.vmi ? networks.filter((n) => guestAgentIp(vmiInterface(o, n.name)) === undefined).map((n) => n.name) : [];
  const notes = noIp.length > 0 ? [`no IP address for ${noIp.join(', ')}: ${GUEST_AGENT_IP_NOTE}`] : [];
  const ok = networks.length === 0 ? 'no networks besides the pod network' : `all ${networks.length} networks attached`;
  return aggregate(ProfileConditionType.NETWORKS_CONFIGURED, findings, 'NetworksConfigured', ok, notes);
}

/** The problem of one disk, if any: its DV must be Succeeded (or gone) and its PVC Bound. */
function diskFinding(o: Observed, profileName: string, disk: string): Finding {
  const claimName = dataVolumeName(profileName, disk);
  const dv = o.dataVolumes.get(disk);
  const pvc = o.claims.get(disk);
  const dvPhase = dv ? asStr(path(dv, 'status', 'phase')) || 'Pending' : undefined;
  const pvcPhase = pvc ? asStr(path(pvc, 'status', 'phase')) || 'Pending' : undefined;
  if (dvPhase === 'Failed') {
    const why = conditionOf(dv, 'Running')?.message ?? conditionOf(dv, 'Ready')?.message;
    return { status: 'False', reason: 'DataVolumeFailed', message: `DataVolume ${claimName} failed${why ? `: ${why}` : ''}` };
  }
  if (pvcPhase === 'Lost') return { status: 'False', reason: 'ClaimLost', message: `PersistentVolumeClaim ${claimName} lost its volume` };
  if (dvPhase !== undefined && dvPhase !== 'Succeeded') {
    const progress = asStr(path(dv, 'status', 'progress'));
    const reason = DV_WAITING_FOR_CONSUMER.includes(dvPhase) ? 'WaitingForFirstConsumer' : 'DataVolumeNotReady';
    return { status: 'False', reason, message: `DataVolume ${claimName} is ${dvPhase}${progress && progress !== 'N/A' ? ` (${progress})` : ''}` };
  }
  // CDI may garbage-collect a Succeeded DV: the PVC alone then tells.
  if (!pvc) {
    return { status: 'False', reason: 'ClaimNotFound', message: `PersistentVolumeClaim ${claimName} not found` };
  }
  if (pvcPhase !== 'Bound') return { status: 'False', reason: 'ClaimPending', message: `PersistentVolumeClaim ${claimName} is ${pvcPhase}` };
  const bound = conditionOf(dv, 'Bound') ?? conditionOf(dv, 'Ready');
  return { status: 'True', reason: 'Bound', message: '', since: bound?.status === 'True' ? bound.lastTransitionTime : undefined };
}

/** VolumesBound: every DV Succeeded, every PVC Bound. */
function volumesCondition(profile: VirtualMachineProfileManifest, o: Observed): ProfileCondition {
  const disks = disksOf(profile);
  const findings = disks.map((d) => diskFinding(o, profile.metadata.name, d.name));
  const ok = disks.length === 0 ? 'no disks' : `all ${disks.length} volumes bound`;
  return aggregate(ProfileConditionType.VOLUMES_BOUND, findings, 'AllVolumesBound', ok);
}

// ---------------------------------------------------------------------------------------------------------------
// Networks and volumes.

/** macAddress of a network's interface in the VM spec. */
function specMac(o: Observed, network: string): string | undefined {
  const ifaces = asArr(path(o.vm, 'spec', 'template', 'spec', 'domain', 'devices', 'interfaces'));
  return asStr(path(ifaces.find((i) => path(i, 'name') === network), 'macAddress')) || undefined;
}

function networkStatus(o: Observed, network: NetworkSpec, index: number): NetworkStatus {
  const iface = vmiInterface(o, network.name);
  const ipAddress = guestAgentIp(iface);
  const macAddress = asStr(iface?.mac) || specMac(o, network.name);
  return {
    name: network.name,
    interface: asStr(iface?.interfaceName) || interfaceName(index),
    ...(ipAddress !== undefined ? { ipAddress } : {}),
    ...(macAddress !== undefined ? { macAddress } : {}),
    nadName: nadRef(network),
  };
}

function volumeStatus(o: Observed, profileName: string, disk: string): VolumeStatus {
  const pvc = o.claims.get(disk);
  const size = asStr(path(pvc, 'status', 'capacity', 'storage'));
  return {
    name: disk,
    pvcName: dataVolumeName(profileName, disk),
    bound: path(pvc, 'status', 'phase') === 'Bound',
    ...(size ? { size } : {}),
  };
}

/**
 * Derives a profile's status from the cluster objects given (any kinds, any order, `kind: List` flattened).
 * Objects are matched by kind, generated name and namespace; anything else is ignored.
 * @throws ValidationError when `profile` has no `metadata.name` or `objects` is not an array
 */
export function deriveStatus(profile: VirtualMachineProfileManifest, objects: unknown[]): VirtualMachineProfileStatus {
  checkStatusInput(profile, objects);
  return readingInput(() => statusOf(profile, objects));
}

function statusOf(profile: VirtualMachineProfileManifest, objects: unknown[]): VirtualMachineProfileStatus {
  const o = observe(profile, objects);
  const name = profile.metadata.name;
  const vmName = profileVmName(name);
  const nodeName = asStr(path(o.vmi, 'status', 'nodeName')) || undefined;
  return {
    phase: decidePhase(o).phase,
    vmName,
    ...(nodeName !== undefined ? { nodeName } : {}),
    conditions: [readyCondition(o, vmName), networksCondition(profile, o), volumesCondition(profile, o)],
    networks: networksOf(profile).map((n, i) => networkStatus(o, n, i)),
    volumes: disksOf(profile).map((d) => volumeStatus(o, name, d.name)),
  };
}
