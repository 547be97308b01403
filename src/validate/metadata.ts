/**
 * `metadata` of a profile: the name (short enough for every generated name), namespace, labels and annotations.
 */
import { Context } from './context';
import { goQuote } from './field-error';
import { MAX_OBJECT_NAME_LENGTH, MAX_PROFILE_NAME_LENGTH } from './generated-names';
import { dns1123LabelErrors } from './kube-names';
import {
  expectObject, expectRequiredString, expectString, forbidden, peekString, Report, syntaxOnly, tooLong, validateLabelMap, validateStringMap, walk,
} from './report';
import { PROFILE_LABEL, vmName } from '../plan/naming';

/** ObjectMeta fields the API server fills in (`kubectl get -o yaml` output): accepted and ignored. */
const SERVER_METADATA_FIELDS: readonly string[] = [
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds',
  'managedFields', 'selfLink', 'ownerReferences', 'finalizers',
];

export function validateMetadata(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    name: (value, f) => {
      if (!expectRequiredString(r, f, value)) return;
      r.invalidEach(f, value, syntaxOnly(dns1123LabelErrors(value)));
      if (value.length > MAX_PROFILE_NAME_LENGTH) {
        r.error(tooLong(f, value, `may not be more than ${MAX_PROFILE_NAME_LENGTH} bytes: the VirtualMachine name ${goQuote(vmName(value))} must fit in ${MAX_OBJECT_NAME_LENGTH}`));
      }
    },
    namespace: (value, f) => {
      if (expectString(r, f, value)) r.invalidEach(f, value, dns1123LabelErrors(value));
    },
    labels: (value, f) => {
      validateLabelMap(r, f, value);
      const mine = peekString(value, PROFILE_LABEL);
      if (mine !== undefined && mine !== ctx.name) {
        r.error(forbidden(`${f}[${PROFILE_LABEL}]`, `the label ${goQuote(PROFILE_LABEL)} is reserved: the library sets it to metadata.name on every object it creates`));
      }
    },
    annotations: (value, f) => validateStringMap(r, f, value, () => []),
    generateName: (_value, f) => r.error(forbidden(f, 'not supported: every generated object name derives from metadata.name')),
  }, ['name'], SERVER_METADATA_FIELDS);
}
