import { CloudInitPlan, planCloudInit } from './cloud-init';
import { dataVolumeTemplate } from './data-volume';
import { merged } from './object-merge';
import {
  VirtualMachineProps, VirtualMachineSpecTemplateSpecDomain, VirtualMachineSpecTemplateSpecDomainCpu,
  VirtualMachineSpecTemplateSpecDomainDevicesDisks, VirtualMachineSpecTemplateSpecDomainDevicesInterfaces,
  VirtualMachineSpecTemplateSpecDomainMemory, VirtualMachineSpecTemplateSpecDomainMemoryGuest, VirtualMachineSpecTemplateSpecDomainResourcesLimits,
  VirtualMachineSpecTemplateSpecDomainResourcesRequests, VirtualMachineSpecTemplateSpecNetworks,
  VirtualMachineSpecTemplateSpecVolumes, VirtualMachineSpecTemplateSpecVolumesCloudInitNoCloud,
} from '../../imports/kubevirt-vm-kubevirt.io';
import { ANTI_AFFINITY_GROUP_LABEL, CLOUD_INIT_VOLUME, CONTAINER_DISK_VOLUME, SYSPREP_VOLUME } from '../plan/naming';
import { antiAffinityLabels, ProfilePlan } from '../plan/profile-plan';
import { AntiAffinityMode, Bootloader, DEFAULT_ANTI_AFFINITY_TOPOLOGY_KEY, Toleration } from '../spec/profile-spec';
import { portProtocolOf } from '../validate/network-rules';
import { canonicalQuantity } from '../validate/quantity';

/** The typed props of the KubeVirt VirtualMachine of a planned profile. */
export function virtualMachineProps(plan: ProfilePlan, cloudInit: CloudInitPlan = planCloudInit(plan)): VirtualMachineProps {
  const dvByName = new Map(plan.disks.map((d) => [d.name, d]));
  const claimByName = new Map(plan.claims.map((c) => [c.name, c]));
  const disks: VirtualMachineSpecTemplateSpecDomainDevicesDisks[] = [];
  const volumes: VirtualMachineSpecTemplateSpecVolumes[] = [];
  if (plan.containerDiskImage) {
    disks.push({ name: CONTAINER_DISK_VOLUME, disk: { bus: 'virtio' }, bootOrder: 1 });
    volumes.push({ name: CONTAINER_DISK_VOLUME, containerDisk: { image: plan.containerDiskImage } });
  }
  for (const name of plan.diskOrder) {
    const dv = dvByName.get(name);
    const claim = claimByName.get(name);
    const boot = dv?.boot ?? claim?.boot;
    const serial = dv?.serial ?? claim?.serial;
    disks.push(merged({ name, disk: { bus: dv?.bus ?? claim?.bus ?? 'virtio' } }, serial ? { serial } : {}, boot ? { bootOrder: 1 } : {}));
    volumes.push(dv
      ? { name, dataVolume: { name: dv.dataVolumeName } }
      : claim!.dataVolume
        ? { name, dataVolume: { name: claim!.claimName } }
        : { name, persistentVolumeClaim: { claimName: claim!.claimName } });
  }
  if (plan.sysprep) {
    // KubeVirt reads the answer file from a CD-ROM; sata, which Windows Setup sees without virtio drivers.
    disks.push({ name: SYSPREP_VOLUME, cdrom: { bus: 'sata' } });
    volumes.push({
      name: SYSPREP_VOLUME,
      sysprep: plan.sysprep.secret ? { secret: { name: plan.sysprep.secret } } : { configMap: { name: plan.sysprep.configMap! } },
    });
  } else {
    disks.push({ name: CLOUD_INIT_VOLUME, disk: { bus: 'virtio' } });
    volumes.push({ name: CLOUD_INIT_VOLUME, cloudInitNoCloud: cloudInitVolume(cloudInit) });
  }

  const interfaces: VirtualMachineSpecTemplateSpecDomainDevicesInterfaces[] = plan.networks.map((n) => ({
    name: n.name,
    ...(n.binding === 'macvtap' ? { binding: { name: 'macvtap' } } : { [n.binding]: {} }),
    ...(n.ports ? { ports: n.ports.map((p) => merged(p.name ? { name: p.name } : {}, { port: p.port, protocol: portProtocolOf(p) })) } : {}),
    macAddress: n.macAddress,
    ...(n.model ? { model: n.model } : {}),
  }));
  const networks: VirtualMachineSpecTemplateSpecNetworks[] = plan.networks.map((n) => (n.binding === 'masquerade'
    ? { name: n.name, pod: {} }
    : { name: n.name, multus: { networkName: n.networkName! } }));
  const hasPodNetwork = plan.networks.some((n) => n.binding === 'masquerade');
  const dataVolumeTemplates = plan.disks.filter((d) => d.deleteWithVm).map((d) => dataVolumeTemplate(d, plan.labels));
  const templateLabels = merged(plan.labels, antiAffinityLabels(plan));

  return {
    metadata: { name: plan.vmName, ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: merged(plan.labels) },
    spec: {
      runStrategy: plan.runStrategy,
      ...(plan.instancetype ? { instancetype: { kind: plan.instancetype.kind, name: plan.instancetype.name } } : {}),
      ...(plan.preference ? { preference: { kind: plan.preference.kind, name: plan.preference.name } } : {}),
      ...(dataVolumeTemplates.length > 0 ? { dataVolumeTemplates } : {}),
      template: {
        metadata: { labels: templateLabels },
        spec: {
          domain: merged(domainSizing(plan), {
            devices: {
              disks,
              // Empty lists left out, as KubeVirt's webhook re-serializes them (omitempty): stored as applied.
              ...(interfaces.length > 0 ? { interfaces } : {}),
              // Without this KubeVirt adds a pod network to a VM that lists no interfaces.
              ...(hasPodNetwork ? {} : { autoattachPodInterface: false }),
              ...(plan.gpus ? { gpus: plan.gpus.map((g) => ({ name: g.name, deviceName: g.deviceName })) } : {}),
              ...(plan.hostDevices ? { hostDevices: plan.hostDevices.map((h) => ({ name: h.name, deviceName: h.deviceName })) } : {}),
              // persistent written out: the API server turned an applied `tpm: {}` into null and refused it.
              ...(plan.tpm ? { tpm: { persistent: plan.tpm.persistent === true } } : {}),
            },
            ...firmware(plan),
          }),
          ...(networks.length > 0 ? { networks } : {}),
          volumes,
          ...(plan.sshKeySecret ? {
            accessCredentials: [{
              sshPublicKey: {
                source: { secret: { secretName: plan.sshKeySecret } },
                propagationMethod: { noCloud: {} },
              },
            }],
          } : {}),
          ...(plan.nodeSelector ? { nodeSelector: plan.nodeSelector } : {}),
          ...(plan.tolerations ? { tolerations: plan.tolerations.map(withoutEmptyStrings) } : {}),
          ...(plan.antiAffinityGroup ? { affinity: antiAffinity(plan) } : {}),
          ...(plan.evictionStrategy ? { evictionStrategy: plan.evictionStrategy } : {}),
          hostname: plan.hostname,
        },
      },
    },
  };
}

/**
 * A toleration without its empty-string fields: an empty effect or value means the same as none, and KubeVirt's
 * webhook drops them (and refuses an empty effect against its own schema's enum).
 */
function withoutEmptyStrings(t: Toleration): Toleration {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== '')) as Toleration;
}

/**
 * The domain's CPU, memory and resources. With an instancetype no cores and no guest memory (it gives both; KubeVirt
 * refuses a VM that sets them next to one). cores = cpu / (sockets × threads): `cpu` stays the vCPU count.
 */
function domainSizing(plan: ProfilePlan): Pick<VirtualMachineSpecTemplateSpecDomain, 'cpu' | 'memory' | 'resources'> {
  const c = plan.compute ?? {};
  const sizing: Writable<Pick<VirtualMachineSpecTemplateSpecDomain, 'cpu' | 'memory' | 'resources'>> = {};
  const cpu: Writable<VirtualMachineSpecTemplateSpecDomainCpu> = {};
  if (plan.cpu !== undefined) cpu.cores = plan.cpu / ((c.sockets ?? 1) * (c.threads ?? 1));
  if (c.sockets !== undefined) cpu.sockets = c.sockets;
  if (c.threads !== undefined) cpu.threads = c.threads;
  if (c.cpuModel !== undefined) cpu.model = c.cpuModel;
  if (c.dedicatedCpuPlacement) cpu.dedicatedCpuPlacement = true;
  if (c.isolateEmulatorThread) cpu.isolateEmulatorThread = true;
  if (c.numaGuestMappingPassthrough) cpu.numa = { guestMappingPassthrough: {} };
  if (Object.keys(cpu).length > 0) sizing.cpu = cpu;
  const memory: Writable<VirtualMachineSpecTemplateSpecDomainMemory> = {};
  if (plan.memory !== undefined) memory.guest = VirtualMachineSpecTemplateSpecDomainMemoryGuest.fromString(plan.memory);
  if (c.hugepages !== undefined) memory.hugepages = { pageSize: c.hugepages };
  if (Object.keys(memory).length > 0) sizing.memory = memory;
  const requests: Record<string, VirtualMachineSpecTemplateSpecDomainResourcesRequests> = {};
  const limits: Record<string, VirtualMachineSpecTemplateSpecDomainResourcesLimits> = {};
  // Canonical spellings, as KubeVirt's webhook stores them (see canonicalQuantity).
  const request = (q: string) => VirtualMachineSpecTemplateSpecDomainResourcesRequests.fromString(canonicalQuantity(q));
  const limit = (q: string) => VirtualMachineSpecTemplateSpecDomainResourcesLimits.fromString(canonicalQuantity(q));
  if (c.memoryRequest !== undefined) requests.memory = request(c.memoryRequest);
  if (c.cpuLimit !== undefined) limits.cpu = limit(c.cpuLimit);
  if (c.memoryLimit !== undefined) limits.memory = limit(c.memoryLimit);
  if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) {
    sizing.resources = merged(Object.keys(requests).length > 0 ? { requests } : {}, Object.keys(limits).length > 0 ? { limits } : {});
  }
  return sizing;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The domain's firmware and the features it needs. Secure Boot is written out either way: KubeVirt turns it on by
 * default under EFI, and it refuses Secure Boot without SMM.
 */
function firmware(plan: ProfilePlan): { firmware?: object; features?: object } {
  const fw = plan.firmware;
  if (!fw?.bootloader) return {};
  if (fw.bootloader !== Bootloader.EFI) return { firmware: { bootloader: { bios: {} } } };
  const secureBoot = fw.secureBoot === true;
  return {
    firmware: { bootloader: { efi: merged({ secureBoot }, fw.persistent ? { persistent: true } : {}) } },
    ...(secureBoot ? { features: { smm: { enabled: true } } } : {}),
  };
}

function cloudInitVolume(cloudInit: CloudInitPlan): VirtualMachineSpecTemplateSpecVolumesCloudInitNoCloud {
  const user = cloudInit.userDataSecret ? { secretRef: { name: cloudInit.userDataSecret } } : { userData: cloudInit.userData };
  return cloudInit.networkDataSecret
    ? merged(user, { networkDataSecretRef: { name: cloudInit.networkDataSecret } })
    : merged(user, { networkData: cloudInit.networkData });
}

function antiAffinity(plan: ProfilePlan) {
  const term = {
    topologyKey: plan.antiAffinityTopologyKey ?? DEFAULT_ANTI_AFFINITY_TOPOLOGY_KEY,
    labelSelector: { matchLabels: { [ANTI_AFFINITY_GROUP_LABEL]: plan.antiAffinityGroup! } },
  };
  return {
    podAntiAffinity: plan.antiAffinityMode === AntiAffinityMode.REQUIRED
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
  };
}
