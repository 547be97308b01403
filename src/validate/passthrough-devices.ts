/**
 * `spec.gpus` and `spec.hostDevices`: devices passed through to the VM by device-plugin resource name.
 */
import { dns1123LabelErrors, prefixedQualifiedNameErrors } from './kube-names';
import { MAX_PASSTHROUGH_DEVICES } from './kubevirt-rules';
import { duplicate, expectArray, expectObject, expectRequiredString, Report, tooMany, walk } from './report';

/** `spec.gpus` / `spec.hostDevices`: unique label names, each a device-plugin resource name. */
export function validatePassthroughDevices(r: Report, field: string, v: unknown): void {
  if (!expectArray(r, field, v)) return;
  if (v.length > MAX_PASSTHROUGH_DEVICES) r.error(tooMany(field, v.length, MAX_PASSTHROUGH_DEVICES));
  const names = new Set<string>();
  v.forEach((d, i) => {
    const f = `${field}[${i}]`;
    if (!expectObject(r, f, d)) return;
    walk(r, d, f, {
      name: (value, nf) => {
        if (!expectRequiredString(r, nf, value) || !r.invalidEach(nf, value, dns1123LabelErrors(value))) return;
        if (names.has(value)) r.error(duplicate(nf, value));
        names.add(value);
      },
      deviceName: (value, df) => {
        if (expectRequiredString(r, df, value)) {
          r.invalidEach(df, value, prefixedQualifiedNameErrors(value).map((p) => `must be a device-plugin resource name such as "nvidia.com/GA102GL_A10": ${p}`));
        }
      },
    }, ['name', 'deviceName']);
  });
}
