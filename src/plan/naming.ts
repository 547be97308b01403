import { hash } from 'node:crypto';
import { NetworkType, PROFILE_KIND } from '../spec/profile-spec';
import { escapeLine } from '../spec/yaml-limits';

/** Label every object of a profile carries: `kubectl get vm,vmi,pvc,nad -l vmprofile=<name>`. */
export const PROFILE_LABEL = 'vmprofile';
/**
 * Label of objects several profiles share (a NAD): they carry no `vmprofile` label, so deleting one profile's
 * objects by label never takes another's; the annotation `vm.example.com/profiles` lists the users.
 */
export const SHARED_LABEL = 'vm.example.com/shared';
/** Template label the anti-affinity term selects on. */
export const ANTI_AFFINITY_GROUP_LABEL = 'vm.example.com/anti-affinity-group';
/** Label on NodeNetworkConfigurationPolicies the library creates: `kubectl get nncp -l vm.example.com/node-network`. */
export const NODE_NETWORK_LABEL = 'vm.example.com/node-network';
/** Annotation listing the profiles (`namespace/name`, sorted, comma-separated) that depend on an NNCP. */
export const NODE_NETWORK_PROFILES_ANNOTATION = 'vm.example.com/profiles';

/** Name of the cloud-init volume and disk the library adds to every VM. */
export const CLOUD_INIT_VOLUME = 'cloudinitdisk';
/** Name of the sysprep volume and CD-ROM that replace the cloud-init disk of a VM with `spec.sysprep`. */
export const SYSPREP_VOLUME = 'sysprep';
/** Name of the ephemeral boot volume when `osImage` boots without a boot disk. */
export const CONTAINER_DISK_VOLUME = 'containerdisk';

/**
 * Who a profile's errors and warnings are about, in kubectl's namespace/name style:
 * `VirtualMachineProfile/<namespace>/<name>`, or `VirtualMachineProfile/<name>` without a namespace.
 */
export function profileSubject(metadata: unknown): string {
  const { name, namespace } = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as Record<string, unknown>;
  // Escaped: a name with a line break must not start a forged line in an error message.
  const prefix = typeof namespace === 'string' && namespace ? `${escapeLine(namespace)}/` : '';
  return `${PROFILE_KIND}/${prefix}${typeof name === 'string' && name ? escapeLine(name) : '<unnamed>'}`;
}

/** Name of the KubeVirt VirtualMachine of a profile. */
export function vmName(profileName: string): string {
  return `${profileName}-vm`;
}

/** Name of a disk's DataVolume, which is also the name of its PVC. */
export function dataVolumeName(profileName: string, diskName: string): string {
  return `${profileName}-${diskName}`;
}

/** Name of the NetworkAttachmentDefinition the library creates for a network without `nadName`. */
export function createdNadName(networkName: string): string {
  return `${networkName}-nad`;
}

/** Guest interface name of the i-th network (the spec's status shows `eth0` = the first network). */
export function interfaceName(index: number): string {
  return `eth${index}`;
}

/** Default node bridge of a `bridge` network without `bridgeName`. */
export function defaultBridgeName(networkName: string): string {
  return `br-${networkName}`;
}

/** The node bridge of a network's NAD: its `bridgeName`, else the default `br-<name>` of a `bridge` network. */
export function bridgeNameOf(network: { readonly type?: string; readonly name?: string; readonly bridgeName?: string }): string | undefined {
  if (network.bridgeName !== undefined) return network.bridgeName;
  return network.type === NetworkType.BRIDGE && network.name !== undefined ? defaultBridgeName(network.name) : undefined;
}

/**
 * A stable, locally administered unicast MAC (`02:xx:xx:xx:xx:xx`) derived from namespace, profile and network.
 * Same inputs, same MAC, on every synth; cloud-init matches the guest NIC by it.
 */
export function stableMacAddress(namespace: string | undefined, profileName: string, networkName: string): string {
  const h = hash('sha256', `${namespace ?? ''}/${profileName}/${networkName}`, 'hex');
  return `02:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${h.slice(8, 10)}`;
}
