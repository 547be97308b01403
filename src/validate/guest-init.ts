/**
 * How the guest is configured on first boot: cloud-init inline user data (`spec.userData`) and Windows sysprep
 * (`spec.sysprep`).
 */
import * as jsYaml from 'js-yaml';
import { dns1123SubdomainErrors } from './kube-names';
import {
  expectNonEmptyString, expectObject, forbidden, has, invalid, isObject, Obj, peekArray, peekObject, peekString, Report, required, tooLong, walk,
} from './report';
import { ONE_SYSPREP_SOURCE, USER_DATA_HEADER } from './vm-rules';
import { CLOUD_INIT_INLINE_LIMIT } from '../render/cloud-init';
import { IpMode } from '../spec/profile-spec';

/** Fields that need cloud-init, which a sysprep VM does not have. */
const CLOUD_INIT_ONLY: Record<string, string> = {
  userData: 'userData',
  userDataSecret: 'userDataSecret',
  sshKeySecret: 'sshKeySecret (KubeVirt propagates the keys through the cloud-init NoCloud disk)',
};

/** `spec.sysprep`: exactly one of configMap and secret, and nothing that needs cloud-init beside it. */
export function validateSysprep(r: Report, field: string, v: unknown, spec: Obj): void {
  if (!expectObject(r, field, v)) return;
  for (const key of Object.keys(CLOUD_INIT_ONLY)) {
    if (has(spec, key)) r.error(forbidden(field, `may not be combined with ${CLOUD_INIT_ONLY[key]}: a sysprep VM has no cloud-init`));
  }
  const name = (value: unknown, f: string): void => {
    if (expectNonEmptyString(r, f, value)) r.invalidEach(f, value, dns1123SubdomainErrors(value));
  };
  walk(r, v, field, { configMap: name, secret: name });
  if (has(v, 'configMap') && has(v, 'secret')) r.error(forbidden(`${field}.secret`, ONE_SYSPREP_SOURCE));
  if (!has(v, 'configMap') && !has(v, 'secret')) r.error(required(`${field}.configMap`, 'a ConfigMap or a Secret (secret) with autounattend.xml'));
  for (const [i, n] of peekArray(spec, 'networks').entries()) {
    const ip = peekObject(n, 'ipConfig');
    if (ip && (peekString(ip, 'mode') === IpMode.STATIC || has(ip, 'dnsServers'))) {
      r.warn(invalid(`spec.networks[${i}].ipConfig`, undefined, 'not applied with spec.sysprep: Windows takes its IP configuration from the answer file, not from cloud-init network data'));
    }
  }
}

/** cloud-config keys that would fight what the library writes itself (network data, the template's hostname). */
const USER_DATA_OVERLAPS: Record<string, string> = {
  network: 'cloud-init takes the network configuration from the NoCloud network data the library writes, not from user data',
  hostname: 'renames the guest inside, away from spec.hostname (KubeVirt\'s hostname of the VM, by default the profile name)',
  fqdn: 'renames the guest inside, away from spec.hostname (KubeVirt\'s hostname of the VM, by default the profile name)',
};

/** Inline user data: a cloud-config document or a script, within KubeVirt's inline limit. */
export function validateUserData(r: Report, f: string, value: unknown): void {
  if (!expectNonEmptyString(r, f, value)) return;
  const bytes = Buffer.byteLength(value);
  if (bytes > CLOUD_INIT_INLINE_LIMIT) {
    r.error(tooLong(f, undefined, `may not be more than ${CLOUD_INIT_INLINE_LIMIT} bytes (KubeVirt's inline limit; this is ${bytes}): ` +
      'put it in a Secret (key userdata) and name that in spec.userDataSecret'));
    return;
  }
  if (value.startsWith('#!')) return;
  if (!value.startsWith('#cloud-config')) {
    r.error(invalid(f, value.split('\n', 1)[0], USER_DATA_HEADER));
    return;
  }
  let config: unknown;
  try {
    // Only the top-level keys are read: aliases are never walked.
    config = jsYaml.load(value, { schema: jsYaml.CORE_SCHEMA });
  } catch (e) {
    r.error(invalid(f, '#cloud-config', `is not valid YAML: ${e instanceof Error ? e.message.split('\n', 1)[0] : String(e)}`));
    return;
  }
  if (config === null || config === undefined) return;
  if (!isObject(config)) {
    r.error(invalid(f, '#cloud-config', 'must be a YAML mapping (cloud-config keys such as packages, runcmd, write_files)'));
    return;
  }
  for (const key of Object.keys(config)) {
    if (Object.prototype.hasOwnProperty.call(USER_DATA_OVERLAPS, key)) r.warn(invalid(`${f}[${key}]`, undefined, USER_DATA_OVERLAPS[key]));
  }
}
