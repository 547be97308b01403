/**
 * `spec.ports` and `spec.service`: the pod network's forwarded ports and the Service that exposes them.
 */
import { Context } from './context';
import { dns1035LabelErrors } from './kube-names';
import {
  IANA_SVC_NAME_MAX_LENGTH, IANA_SVC_NAME_NEEDS_LETTER, IANA_SVC_NAME_NO_DOUBLE_HYPHEN, IANA_SVC_NAME_PATTERN, MAX_POD_PORTS, portProblem,
  portProtocolOf,
} from './network-rules';
import {
  duplicate, expectArray, expectEnum, expectInteger, expectNonEmptyString, expectObject, forbidden, has, invalid, isObject, Obj, Report, required,
  tooMany, walk,
} from './report';
import { vmName } from '../plan/naming';
import { POD_PORT_PROTOCOLS, POD_SERVICE_TYPES } from '../spec/profile-spec';

const IANA_SVC_NAME = new RegExp(IANA_SVC_NAME_PATTERN);

/** IANA service name problems, as apimachinery's IsValidPortName reports them (KubeVirt checks forwarded ports so). */
function portNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > IANA_SVC_NAME_MAX_LENGTH) errors.push(`must be no more than ${IANA_SVC_NAME_MAX_LENGTH} characters`);
  if (!IANA_SVC_NAME.test(value)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), starting and ending alphanumeric');
  if (value.includes('--')) errors.push(IANA_SVC_NAME_NO_DOUBLE_HYPHEN);
  if (!/[a-z]/.test(value)) errors.push(IANA_SVC_NAME_NEEDS_LETTER);
  return errors;
}

/** `spec.ports`: the masquerade binding's forwarded ports, by KubeVirt's rules (pkg/network/admitter: validatePortConfiguration). */
export function validatePodPorts(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!ctx.podNetwork) {
    r.error(forbidden(field, 'needs podNetwork: true (the ports are forwarded by the pod network\'s masquerade binding)'));
    return;
  }
  if (!expectArray(r, field, v)) return;
  if (v.length > MAX_POD_PORTS) r.error(tooMany(field, v.length, MAX_POD_PORTS));
  const names = new Set<string>();
  v.forEach((p, i) => {
    const f = `${field}[${i}]`;
    if (!expectObject(r, f, p)) return;
    walk(r, p, f, {
      name: (value, nf) => {
        if (!expectNonEmptyString(r, nf, value) || !r.invalidEach(nf, value, portNameErrors(value))) return;
        if (names.has(value)) r.error(duplicate(nf, value));
        names.add(value);
      },
      port: (value, pf) => {
        const problem = expectInteger(r, pf, value) ? portProblem(value) : undefined;
        if (problem) r.error(invalid(pf, value, problem));
      },
      protocol: (value, pf) => {
        expectEnum(r, pf, value, POD_PORT_PROTOCOLS);
      },
    }, ['port']);
  });
}

/**
 * `spec.service`: a Service for the forwarded ports, named like the VM. Kubernetes' Service rules that the ports meet
 * only because of it: a Service name is a DNS-1035 label, and a Service with several ports names each one.
 */
export function validatePodService(r: Report, field: string, v: unknown, spec: Obj, ctx: Context): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, { type: (value, f) => { expectEnum(r, f, value, POD_SERVICE_TYPES); } });
  const ports = spec.ports;
  if (!Array.isArray(ports) || ports.length === 0) {
    r.error(required('spec.ports', 'spec.service exposes the forwarded ports: list at least one'));
    return;
  }
  if (typeof ctx.name === 'string' && ctx.name !== '') {
    const name = vmName(ctx.name);
    const problems = dns1035LabelErrors(name);
    if (problems.length > 0) {
      r.error(invalid(field, name, `the Service is named like the VM, and a Service name must be a DNS-1035 label: ${problems.join('; ')}`));
    }
  }
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObject(p)) return;
    if (ports.length > 1 && !has(p, 'name')) r.error(required(`spec.ports[${i}].name`, 'a Service with several ports needs a name for each'));
    const pair = `${String(p.port)}/${String(portProtocolOf(p))}`;
    if (seen.has(pair)) r.error(duplicate(`spec.ports[${i}].port`, p.port));
    seen.add(pair);
  });
}
