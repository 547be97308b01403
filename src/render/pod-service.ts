/**
 * The Service of `spec.service`: the pod network's forwarded ports, selecting the VM's virt-launcher pod by the label
 * KubeVirt gives it for that purpose (`vmi.kubevirt.io/id`), as `virtctl expose` does.
 */
import { createHash } from 'node:crypto';
import { merged } from './object-merge';
import type { KubeService, KubeServiceProps } from '../../imports/k8s';
import { ProfilePlan } from '../plan/profile-plan';

/** The label KubeVirt puts on a VMI's virt-launcher pod for Service selectors. */
export const VMI_ID_LABEL = 'vmi.kubevirt.io/id';
const DNS1035_LABEL_MAX_LENGTH = 63;
const HASH_LENGTH = 8;

/**
 * The value of {@link VMI_ID_LABEL} for a VMI (named like its VM): the name, or for a name over 63 characters its
 * first 54 and 8 hex digits of its SHA-1, as KubeVirt computes it (pkg/apimachinery CalculateVirtualMachineInstanceID).
 */
export function vmiIdLabelValue(vmiName: string): string {
  if (vmiName.length <= DNS1035_LABEL_MAX_LENGTH) return vmiName;
  const hash = createHash('sha1').update(vmiName).digest('hex').slice(0, HASH_LENGTH);
  return `${vmiName.slice(0, DNS1035_LABEL_MAX_LENGTH - HASH_LENGTH - 1)}-${hash}`;
}

/** The Service's props, or undefined when the profile asks for none. */
export function podServiceProps(plan: ProfilePlan): KubeServiceProps | undefined {
  const service = plan.service;
  if (!service) return undefined;
  return {
    metadata: { name: service.name, ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: merged(plan.labels) },
    spec: {
      type: service.type,
      selector: { [VMI_ID_LABEL]: vmiIdLabelValue(plan.vmName) },
      ports: service.ports.map((p) => merged(p.name ? { name: p.name } : {}, { port: p.port, protocol: p.protocol ?? 'TCP' })),
    },
  };
}

/** The KubeService binding, loaded on first use (the Kubernetes bindings are large). */
export function kubeServiceClass(): typeof KubeService {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../imports/k8s').KubeService;
}
