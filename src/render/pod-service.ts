/**
 * The Service of `spec.service`: the pod network's forwarded ports, selecting the VM's virt-launcher pod by the label
 * KubeVirt gives it for that purpose (`vmi.kubevirt.io/id`), as `virtctl expose` does.
 */
import { createHash } from 'node:crypto';
import { kubeBindings } from './kube-bindings';
import { merged } from './object-merge';
import type { KubeService, KubeServiceProps } from '../../imports/k8s';
import { ProfilePlan } from '../plan/profile-plan';
import { DNS1123_LABEL_MAX_LENGTH } from '../validate/kube-names';
import { portProtocolOf } from '../validate/network-rules';

/** The label KubeVirt puts on a VMI's virt-launcher pod for Service selectors. */
const VMI_ID_LABEL = 'vmi.kubevirt.io/id';
const HASH_LENGTH = 8;

/**
 * The value of {@link VMI_ID_LABEL} for a VMI (named like its VM): the name, or for a name over 63 characters its
 * first 54 and 8 hex digits of its SHA-1, as KubeVirt computes it (pkg/apimachinery CalculateVirtualMachineInstanceID).
 */
export function vmiIdLabelValue(vmiName: string): string {
  if (vmiName.length <= DNS1123_LABEL_MAX_LENGTH) return vmiName;
  const hash = createHash('sha1').update(vmiName).digest('hex').slice(0, HASH_LENGTH);
  return `${vmiName.slice(0, DNS1123_LABEL_MAX_LENGTH - HASH_LENGTH - 1)}-${hash}`;
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
      ports: service.ports.map((p) => merged(p.name ? { name: p.name } : {}, { port: p.port, protocol: portProtocolOf(p) })),
    },
  };
}

/** The KubeService binding, loaded on first use ({@link kubeBindings}). */
export function kubeServiceClass(): typeof KubeService {
  return kubeBindings().KubeService;
}
