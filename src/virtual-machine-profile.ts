import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { cloudInitSecretProps, kubeSecretClass, planCloudInit } from './cloud-init';
import { profileSubject, vmName } from './naming';
import { NodeNetworkPolicies, NodeNetworkRequest, nodeNetworkRequests } from './node-network';
import { merged } from './object-merge';
import { DiskPlan, NadPlan, NetworkAttachmentPlan, planProfile, ProfilePlan } from './profile-plan';
import {
  DiskSpec, NetworkSpec, PROFILE_API_VERSION, PROFILE_KIND, ProfileMetadata, VirtualMachineProfileManifest, VirtualMachineProfileSpec,
} from './profile-spec';
import { guardUniqueObjects } from './unique-objects';
import { assertValidProfile, FieldError, formatFieldWarning } from './validation';
import { virtualMachineProps } from './virtual-machine';
import { dataVolumeProps, IVmDisk } from './vm-disk';
import { IVmNetwork, networkAttachmentDefinitionProps, networkSpecOf, ProfileNetworkAttachmentDefinition, SharedNetworks } from './vm-network';
import { DataVolume } from '../imports/cdi-cdi.kubevirt.io';
import type { KubeSecret, KubeSecretProps } from '../imports/k8s';
import { VirtualMachine, VirtualMachineProps, VirtualMachineSpec } from '../imports/kubevirt-vm-kubevirt.io';

/** Props of a {@link VirtualMachineProfile}: the document's metadata and spec. */
export interface VirtualMachineProfileProps {
  /** Name, namespace and labels. */
  readonly metadata: ProfileMetadata;
  /** The spec, field for field as in the API document. */
  readonly spec: VirtualMachineProfileSpec;
}

/** Options of {@link VirtualMachineProfile.addNetwork}: the VM side of the attachment. */
export type NetworkAttachmentOptions = Omit<NetworkSpec, 'name' | 'type' | 'nadName'>;

/** Where a profile's objects go: constructs in a cdk8s tree, or plain manifests (the CLI's fast path). */
export interface ProfileObjectSink {
  /** A NAD the profile creates (it is the first of the app to need it). */
  nad(nad: NadPlan, network: NetworkAttachmentPlan): void;
  /** A standalone DataVolume. */
  dataVolume(disk: DiskPlan): void;
  /** The Secret holding network data too long to inline. */
  secret(props: KubeSecretProps): void;
  /** A node network to build with nmstate; throws NodeNetworkConflictError on contradictions. */
  nodeNetwork(request: NodeNetworkRequest): void;
  /** The VirtualMachine. */
  virtualMachine(props: VirtualMachineProps): void;
}

/**
 * Renders a planned profile into `sink`, in the order the objects are emitted: created NADs, node networks,
 * DataVolumes, the cloud-init Secret, the VM. `shared` decides which profile creates a shared NAD.
 */
export function renderProfile(plan: ProfilePlan, subject: string, shared: SharedNetworks, sink: ProfileObjectSink): void {
  const user = { profile: plan.namespace ? `${plan.namespace}/${plan.name}` : plan.name, labels: plan.labels };
  plan.networks.forEach((n, i) => {
    if (n.nad && shared.claim(subject, `spec.networks[${i}]`, n.nad, user)) sink.nad(n.nad, n);
  });
  for (const request of nodeNetworkRequests(plan)) sink.nodeNetwork(request);
  for (const d of plan.disks) {
    if (!d.deleteWithVm) sink.dataVolume(d);
  }
  const cloudInit = planCloudInit(plan);
  const secret = cloudInitSecretProps(plan, cloudInit);
  if (secret) sink.secret(secret);
  sink.virtualMachine(virtualMachineProps(plan, cloudInit));
}

/**
 * One VirtualMachineProfile: a KubeVirt VirtualMachine with its DataVolumes, NetworkAttachmentDefinitions,
 * cloud-init and (for networks with `nodeNetwork`) nmstate policies.
 *
 * The props are validated at once; every problem is reported together in one {@link ValidationError}.
 */
export class VirtualMachineProfile extends Construct {
  /**
   * A profile from a parsed YAML/JSON document (`apiVersion: vm.example.com/v1alpha1`, `kind: VirtualMachineProfile`).
   * @param id construct id; defaults to `<name>`, or `<namespace>.<name>` so profiles of one name in several
   *   namespaces can share a chart
   */
  public static fromManifest(scope: Construct, doc: unknown, id?: string): VirtualMachineProfile {
    const { warnings } = assertValidProfile(doc, profileSubject((doc as any)?.metadata));
    const manifest = doc as VirtualMachineProfileManifest;
    const { name, namespace } = manifest.metadata;
    // The whole document was validated (apiVersion and kind too): the constructor need not do it again.
    VirtualMachineProfile.validated.set(manifest, warnings);
    return new VirtualMachineProfile(scope, id ?? (namespace ? `${namespace}.${name}` : name), manifest);
  }

  /** Warnings of props that {@link fromManifest} already validated. */
  private static readonly validated = new WeakMap<object, FieldError[]>();

  /** Profile name. */
  public readonly name: string;
  /** Namespace of the VM and its objects. */
  public readonly namespace?: string;
  /** Name of the KubeVirt VirtualMachine. */
  public readonly vmName: string;

  private readonly metadata: ProfileMetadata;
  private readonly spec: VirtualMachineProfileSpec;
  private readonly _networks: NetworkSpec[];
  private readonly _disks: DiskSpec[];
  private readonly _warnings: FieldError[];
  private readonly subject: string;
  /** The rendered VM spec; undefined once networks or disks were added after construction. */
  private vmSpec?: VirtualMachineSpec;
  /** The Secret with network data too long to inline, once there is one. */
  private cloudInitSecret?: KubeSecret;

  constructor(scope: Construct, id: string, props: VirtualMachineProfileProps) {
    super(scope, id);
    const manifest = { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, metadata: props.metadata, spec: props.spec };
    this.subject = profileSubject(props.metadata);
    this._warnings = VirtualMachineProfile.validated.get(props) ?? assertValidProfile(manifest, this.subject).warnings;
    VirtualMachineProfile.validated.delete(props);
    this.metadata = props.metadata;
    this.spec = props.spec;
    this.name = props.metadata.name;
    this.namespace = props.metadata.namespace;
    this.vmName = vmName(this.name);
    this._networks = [...(props.spec.networks ?? [])];
    this._disks = [...(props.spec.disks ?? [])];

    const plan = planProfile(manifest);
    guardUniqueObjects(this);
    let policies: NodeNetworkPolicies | undefined;
    const shared = SharedNetworks.of(this);
    renderProfile(plan, this.subject, shared, {
      // The objects are the profile's own children, not wrapped in VmNetwork/VmDisk constructs: cdk8s resolves
      // every value by climbing to the App, so each level costs (2.5 % on the 2,000-profile bench; README, TypeScript).
      nad: (nad, network) => new ProfileNetworkAttachmentDefinition(this, `Network-${network.name}`, networkAttachmentDefinitionProps(nad, plan.labels), shared, nad),
      dataVolume: (disk) => new DataVolume(this, `Disk-${disk.name}`, dataVolumeProps(disk, plan.namespace, plan.labels)),
      secret: (secret) => this.ensureCloudInitSecret(secret),
      nodeNetwork: (request) => (policies ??= NodeNetworkPolicies.of(this)).add(request),
      virtualMachine: (vm) => {
        this.vmSpec = vm.spec;
        new VirtualMachine(this, 'Resource', {
          metadata: vm.metadata,
          // Networks and disks added later still land in the VM: addNetwork/addDisk drop the rendered spec.
          spec: Lazy.any({ produce: () => this.vmSpec ?? (this.vmSpec = virtualMachineProps(this.currentPlan()).spec) }),
        });
      },
    });
  }

  /** Validation warnings (things that work but lose something), formatted like kubectl's. */
  public get warnings(): string[] {
    return this._warnings.map(formatFieldWarning);
  }

  /**
   * Attaches the VM to a network created elsewhere ({@link VmNetwork} or {@link VmNetwork.fromNadName}),
   * as the next guest interface.
   */
  public addNetwork(network: IVmNetwork, options: NetworkAttachmentOptions = {}): void {
    const entry = networkSpecOf(network, options);
    this.revalidate([...this._networks, entry], this._disks);
    this._networks.push(entry);
    this.vmSpec = undefined;
    this.ensureCloudInitSecret();
  }

  /** Mounts a disk created elsewhere ({@link VmDisk} or {@link VmDisk.fromPvcName}) by its claim. */
  public addDisk(disk: IVmDisk, options: { readonly boot?: boolean } = {}): void {
    const entry: DiskSpec = { name: disk.name, claimName: disk.claimName, ...(options.boot ? { boot: true } : {}) };
    this.revalidate(this._networks, [...this._disks, entry]);
    this._disks.push(entry);
    this.vmSpec = undefined;
  }

  /** The profile as a document: YAML → construct → `toManifest()` gives the same fields back. */
  public toManifest(): VirtualMachineProfileManifest {
    return this.manifestWith(this.currentSpec());
  }

  private manifestWith(spec: VirtualMachineProfileSpec): VirtualMachineProfileManifest {
    return { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, metadata: this.metadata, spec };
  }

  private currentSpec(): VirtualMachineProfileSpec {
    return merged(this.spec,
      this._networks.length > 0 || this.spec.networks ? { networks: [...this._networks] } : undefined,
      this._disks.length > 0 || this.spec.disks ? { disks: [...this._disks] } : undefined);
  }

  /** Creates the network-data Secret when the current networks need one; its data follows later additions. */
  private ensureCloudInitSecret(planned?: KubeSecretProps): void {
    if (this.cloudInitSecret) return;
    const props = planned ?? this.currentCloudInitSecretProps();
    if (!props) return;
    this.cloudInitSecret = new (kubeSecretClass())(this, 'CloudInit', merged(props, {
      stringData: Lazy.any({ produce: () => this.currentCloudInitSecretProps()!.stringData }),
    }));
  }

  private currentCloudInitSecretProps(): KubeSecretProps | undefined {
    const plan = this.currentPlan();
    return cloudInitSecretProps(plan, planCloudInit(plan));
  }

  private currentPlan(): ProfilePlan {
    return planProfile(this.toManifest());
  }

  private revalidate(networks: NetworkSpec[], disks: DiskSpec[]): void {
    assertValidProfile(this.manifestWith(merged(this.spec, { networks, disks })), this.subject);
  }
}
