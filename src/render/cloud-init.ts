import { kubeBindings } from './kube-bindings';
import { merged } from './object-merge';
import type { KubeSecret, KubeSecretProps } from '../../imports/k8s';
import { NetworkAttachmentPlan, ProfilePlan } from '../plan/profile-plan';
import { yamlScalar } from '../synth/manifest-yaml';

/**
 * cloud-init NoCloud data for a profile.
 *
 * Guest NIC names vary (`eth0`, `enp1s0`), so every interface is matched by its MAC and renamed to `eth<i>`
 * (netplan v2 `match.macaddress` + `set-name`). Default routes use `routes` (`gateway4`/`gateway6` are deprecated).
 */

/** KubeVirt refuses inline userData or networkData longer than this (`cloudInitUserMaxLen`). */
export const CLOUD_INIT_INLINE_LIMIT = 2048;

/** User data: cloud-init ignores network data unless user data is present. SSH keys travel in metadata, not here. */
export const USER_DATA = '#cloud-config\n';

/** The default-route destinations, as YAML once (they are the same for every interface). */
const DEFAULT_ROUTE_V4 = yamlScalar('0.0.0.0/0');
const DEFAULT_ROUTE_V6 = yamlScalar('::/0');

/**
 * netplan v2 network data for the profile's interfaces, as YAML. Written line by line rather than as an object
 * through `toYaml`: it runs once per profile, and it shows in a fleet's time (docs/performance.md). Every
 * value goes through the same `yamlScalar`, and a test holds the text to `toYaml`'s, byte for byte, for interfaces
 * with distinct names (a plan's are `eth<i>`); unlike an object, it keeps the interfaces in order even when a name
 * looks like an array index.
 */
export function networkData(networks: readonly NetworkAttachmentPlan[]): string {
  if (networks.length === 0) return 'version: 2\nethernets: {}\n';
  const lines = ['version: 2', 'ethernets:'];
  for (const n of networks) {
    const name = yamlScalar(n.interfaceName);
    lines.push(`  ${name}:`, '    match:', `      macaddress: ${yamlScalar(n.macAddress.toLowerCase())}`, `    set-name: ${name}`);
    const ip = n.ipConfig;
    if (!ip) continue;
    if (ip.mode === 'dhcp') {
      // Both families: a dual-stack or IPv6-only network answers DHCPv6/RA, an IPv4-only one DHCPv4; cloud-init needs either.
      lines.push('    dhcp4: true', '    dhcp6: true');
    } else if (ip.mode === 'dhcp6') {
      lines.push('    dhcp4: false', '    dhcp6: true');
    } else if (ip.mode === 'slaac') {
      // Addresses and the default route from router advertisements alone.
      lines.push('    dhcp4: false', '    dhcp6: false', '    accept-ra: true');
    } else if (ip.address) {
      lines.push('    addresses:', `      - ${yamlScalar(ip.address)}`);
      for (const extra of ip.addresses ?? []) lines.push(`      - ${yamlScalar(extra)}`);
      if (ip.gateway) lines.push('    routes:', `      - to: ${ip.gateway.includes(':') ? DEFAULT_ROUTE_V6 : DEFAULT_ROUTE_V4}`, `        via: ${yamlScalar(ip.gateway)}`);
    }
    if (ip.dnsServers && ip.dnsServers.length > 0) {
      lines.push('    nameservers:', '      addresses:');
      for (const server of ip.dnsServers) lines.push(`        - ${yamlScalar(server)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The cloud-init data of a VM and where it lives. */
export interface CloudInitPlan {
  /** User data (inline), unless {@link userDataSecret} holds it. */
  readonly userData?: string;
  /** The user's Secret holding the user data (key `userdata`), else undefined. */
  readonly userDataSecret?: string;
  /** Network data. */
  readonly networkData: string;
  /** Secret holding the network data when it is too long to inline, else undefined. */
  readonly networkDataSecret?: string;
}

/** Plans the cloud-init data; network data longer than KubeVirt's inline limit goes to a Secret. */
export function planCloudInit(plan: ProfilePlan): CloudInitPlan {
  const data = networkData(plan.networks);
  return {
    userData: plan.userDataSecret ? undefined : plan.userData ?? USER_DATA,
    userDataSecret: plan.userDataSecret,
    networkData: data,
    // A sysprep VM has no cloud-init disk: its network data is never written anywhere.
    networkDataSecret: !plan.sysprep && Buffer.byteLength(data) > CLOUD_INIT_INLINE_LIMIT ? `${plan.vmName}-cloudinit` : undefined,
  };
}

/** The typed props of the Secret carrying long network data. */
export function cloudInitSecretProps(plan: ProfilePlan, cloudInit: CloudInitPlan): KubeSecretProps | undefined {
  if (!cloudInit.networkDataSecret) return undefined;
  return {
    metadata: { name: cloudInit.networkDataSecret, ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: merged(plan.labels) },
    stringData: { networkdata: cloudInit.networkData },
  };
}

/** The typed KubeSecret class, loaded on first use ({@link kubeBindings}): only long network data needs one. */
export function kubeSecretClass(): typeof KubeSecret {
  return kubeBindings().KubeSecret;
}
