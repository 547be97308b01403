/**
 * Disk images and `spec.osImage`: the source syntax CDI and KubeVirt accept, and no credentials in the URL.
 */
import { imageSourceErrors } from './kube-names';
import { expectNonEmptyString, invalid, Report } from './report';

/**
 * `image` with the user-info part of its URL (`user:password@`) replaced by `***`, or undefined when it has none:
 * `https://u:p@host/x`, `docker://u:p@host/x` and `u:p@host/x` carry credentials; `repo@sha256:...` is a digest.
 */
function redactImageCredentials(image: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^/]*)@(?=[^/]*\/|[^/]*$)/.exec(image);
  if (!m) return undefined;
  const scheme = m[1] ?? '';
  // Without a path, `name@algo:hex` is a digest reference, not credentials (a URL's host always follows a scheme).
  if (!scheme.match(/^https?:/i) && !image.slice(m[0].length).includes('/')) return undefined;
  return `${scheme}***@${image.slice(m[0].length)}`;
}

export function validateImage(r: Report, field: string, v: unknown, registryOnly: boolean, why?: string): void {
  if (!expectNonEmptyString(r, field, v)) return;
  const redacted = redactImageCredentials(v);
  if (redacted !== undefined) {
    // Never echo the secret: the value shown is redacted.
    r.error(invalid(field, redacted, 'must not contain credentials (user:password@): they would be written in clear into the ' +
      'DataVolume and every copy of the output; put them in a Secret (keys accessKeyId and secretKey) and name it in ' +
      'the disk\'s secretRef, which CDI reads'));
    return;
  }
  const problems = imageSourceErrors(v, registryOnly);
  r.invalidEach(field, v, why ? problems.map((p) => `${p}: ${why}`) : problems);
}
