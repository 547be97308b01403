import { cloudInitSecretProps, planCloudInit } from './cloud-init';
import { SharedNetworks } from './network-attachment-definition';
import { podServiceProps } from './pod-service';
import { virtualMachineProps } from './virtual-machine';
import type { KubeSecretProps, KubeServiceProps } from '../../imports/k8s';
import { VirtualMachineProps } from '../../imports/kubevirt-vm-kubevirt.io';
import { NodeNetworkRequest, nodeNetworkRequests } from '../plan/node-network';
import { DiskPlan, NadPlan, NetworkAttachmentPlan, ProfilePlan } from '../plan/profile-plan';

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
  /** The Service for the pod network's forwarded ports (`spec.service`). */
  service(props: KubeServiceProps): void;
}

/**
 * Renders a planned profile into `sink`, in the order the objects are emitted: created NADs, node networks,
 * DataVolumes, the cloud-init Secret, the VM, its Service. `shared` decides which profile creates a shared NAD.
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
  const service = podServiceProps(plan);
  if (service) sink.service(service);
}
