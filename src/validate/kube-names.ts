/**
 * Kubernetes name syntaxes (apimachinery `validation.IsDNS1123Label` and friends) and Linux interface names.
 * Each check returns the list of problems, empty when the value is valid, like apimachinery does.
 */

/** Longest DNS-1123 label (and label value, and name part of a qualified name). */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** Longest DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** Longest qualified name: a DNS-1123 subdomain prefix, '/', and the name part. */
export const QUALIFIED_NAME_MAX_LENGTH = DNS1123_SUBDOMAIN_MAX_LENGTH + 1 + DNS1123_LABEL_MAX_LENGTH;
/** Longest Linux interface name: IFNAMSIZ (16) minus the terminating NUL. */
export const LINUX_IFNAME_MAX_LENGTH = 15;

// The grammars as regex sources (RE2 and ECMAScript alike), so the CRD's patterns are built from the same text.
// `inner` repeats the middle characters: `*`, or `{0,61}` where a pattern must bound the length itself.
const dns1123LabelFmt = (inner: string): string => `[a-z0-9]([-a-z0-9]${inner}[a-z0-9])?`;
const qualifiedNameFmt = (inner: string): string => `([A-Za-z0-9][-A-Za-z0-9_.]${inner})?[A-Za-z0-9]`;
const BOUNDED = `{0,${DNS1123_LABEL_MAX_LENGTH - 2}}`;
/** DNS-1123 label, unanchored. */
export const DNS1123_LABEL_FMT = dns1123LabelFmt('*');
/** DNS-1123 label of at most 63 characters, unanchored. */
export const DNS1123_LABEL_BOUNDED_FMT = dns1123LabelFmt(BOUNDED);
/** DNS-1123 subdomain, unanchored. */
export const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
/** Name part of a qualified name (and a non-empty label value), unanchored. */
export const QUALIFIED_NAME_FMT = qualifiedNameFmt('*');
/** Name part of a qualified name of at most 63 characters, unanchored. */
export const QUALIFIED_NAME_BOUNDED_FMT = qualifiedNameFmt(BOUNDED);
/** Characters a Linux interface name may not contain, as a regex class body. */
export const LINUX_IFNAME_FORBIDDEN_CHARS = '\\s/:\\x00';

const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE = new RegExp(`^(${QUALIFIED_NAME_FMT})?$`);
const LINUX_IFNAME_FORBIDDEN = new RegExp(`[${LINUX_IFNAME_FORBIDDEN_CHARS}]`);

function maxLen(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters`] : [];
}

/** Problems of a DNS-1123 label (`my-name`): object names that become hostnames, container or interface names. */
export function dns1123LabelErrors(value: string): string[] {
  const errors = maxLen(value, DNS1123_LABEL_MAX_LENGTH);
  if (!DNS1123_LABEL.test(value)) {
    errors.push(`a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '${DNS1123_LABEL_FMT}')`);
  }
  return errors;
}

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/** Problems of a DNS-1035 label (`my-name`, starting with a letter): Service names. */
export function dns1035LabelErrors(value: string): string[] {
  const errors = maxLen(value, DNS1123_LABEL_MAX_LENGTH);
  if (!DNS1035_LABEL.test(value)) {
    errors.push(`a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for validation is '${DNS1035_LABEL_FMT}')`);
  }
  return errors;
}

/** Problems of a DNS-1123 subdomain (`example.com`): most object names. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors = maxLen(value, DNS1123_SUBDOMAIN_MAX_LENGTH);
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push(`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN_FMT}')`);
  }
  return errors;
}

/** Problems of a qualified name (`[prefix/]name`): label, annotation and node-selector keys, toleration keys. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [`a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '${QUALIFIED_NAME_FMT}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts[parts.length - 1];
  const errors: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  }
  if (name.length === 0) {
    errors.push('name part must be non-empty');
  } else {
    if (name.length > DNS1123_LABEL_MAX_LENGTH) errors.push(`name part must be no more than ${DNS1123_LABEL_MAX_LENGTH} characters`);
    if (!QUALIFIED_NAME.test(name)) {
      errors.push(`name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '${QUALIFIED_NAME_FMT}')`);
    }
  }
  return errors;
}

/** Problems of a prefixed qualified name (`example.com/name`), as extended resource names need. */
export function prefixedQualifiedNameErrors(value: string): string[] {
  const errors = qualifiedNameErrors(value);
  if (errors.length === 0 && !value.includes('/')) errors.push("must be prefixed by a domain and '/' (e.g. 'example.com/name')");
  return errors;
}

/** Problems of a label value: empty, or at most 63 alphanumerics, '-', '_' and '.' starting and ending alphanumeric. */
export function labelValueErrors(value: string): string[] {
  const errors = maxLen(value, DNS1123_LABEL_MAX_LENGTH);
  if (!LABEL_VALUE.test(value)) {
    errors.push(`a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(${QUALIFIED_NAME_FMT})?')`);
  }
  return errors;
}

/**
 * Problems of a Linux network interface name, as the kernel's `dev_valid_name` checks it:
 * 1 to 15 bytes, no '/', ':' or whitespace, not '.' or '..'.
 */
export function linuxInterfaceNameErrors(value: string): string[] {
  const errors: string[] = [];
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes === 0) errors.push('must not be empty');
  if (bytes > LINUX_IFNAME_MAX_LENGTH) errors.push(`must be no more than ${LINUX_IFNAME_MAX_LENGTH} bytes (Linux IFNAMSIZ)`);
  if (LINUX_IFNAME_FORBIDDEN.test(value)) errors.push("must not contain '/', ':', NUL or whitespace");
  if (value === '.' || value === '..') errors.push("must not be '.' or '..'");
  return errors;
}

// Container image references, as github.com/distribution/reference parses them.
const REF_PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REF_DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const REF_DOMAIN = `(?:${REF_DOMAIN_COMPONENT}(?:\\.${REF_DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const REF_NAME = `(?:${REF_DOMAIN}/)?${REF_PATH_COMPONENT}(?:/${REF_PATH_COMPONENT})*`;
const REF_TAG = '[\\w][\\w.-]{0,127}';
const REF_DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REFERENCE = new RegExp(`^(${REF_NAME})(?::${REF_TAG})?(?:@${REF_DIGEST})?$`);
/** Longest repository name of an image reference. */
const REF_NAME_MAX_LENGTH = 255;
/** Scheme CDI's registry source and our CLI accept in front of an image reference. */
export const REGISTRY_SCHEME = 'docker://';

/** Where a disk image comes from: a container registry or an HTTP(S) server. */
export type ImageSourceKind = 'registry' | 'http';

/** Problems of a container image reference (`quay.io/containerdisks/fedora:41`, `centos:8`, `repo@sha256:...`). */
function imageReferenceErrors(value: string): string[] {
  const m = IMAGE_REFERENCE.exec(value);
  // Like docker, a first component is a registry host only if it looks like one; else it is a (lowercase) path.
  const slash = value.indexOf('/');
  const first = slash < 0 ? '' : value.slice(0, slash);
  const isDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!m || (slash >= 0 && !isDomain && first !== first.toLowerCase())) {
    return ['must be a container image reference such as "quay.io/containerdisks/fedora:41" (lowercase repository, optional ":tag" and "@digest")'];
  }
  return m[1].length > REF_NAME_MAX_LENGTH ? [`repository name must be no more than ${REF_NAME_MAX_LENGTH} characters`] : [];
}

/** Problems of an http(s) URL with a host and no whitespace. */
function httpUrlErrors(value: string): string[] {
  if (/\s/.test(value)) return ['must not contain whitespace'];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return ['must be a valid URL'];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return ['must use the http or https scheme'];
  if (url.hostname === '') return ['must name a host'];
  return [];
}

/** The kind of an image source: `http(s)://` is http, `docker://` or a bare reference is registry; undefined for other schemes. */
export function imageSourceKind(value: string): ImageSourceKind | undefined {
  if (/^https?:\/\//i.test(value)) return 'http';
  if (value.startsWith(REGISTRY_SCHEME)) return 'registry';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return undefined;
  return 'registry';
}

/**
 * Problems of an image source: a registry image (bare reference or `docker://` reference) or an http(s) URL.
 * `registryOnly` refuses URLs (a containerDisk can only come from a registry).
 */
export function imageSourceErrors(value: string, registryOnly = false): string[] {
  const kind = imageSourceKind(value);
  if (kind === undefined) return [`must be a registry image ("repo/image:tag" or "docker://repo/image:tag")${registryOnly ? '' : ' or an http(s) URL'}`];
  if (kind === 'http') {
    return registryOnly ? ['must be a registry image ("repo/image:tag" or "docker://repo/image:tag"), not a URL'] : httpUrlErrors(value);
  }
  const ref = value.startsWith(REGISTRY_SCHEME) ? value.slice(REGISTRY_SCHEME.length) : value;
  const errors = imageReferenceErrors(ref);
  const urlProblem = registryOnly || errors.length > 0 ? undefined : registryUrlProblem(ref);
  return urlProblem ? [urlProblem] : errors;
}

/**
 * Why CDI refuses to import `ref`, or undefined: its DataVolume webhook parses `docker://<ref>` with Go's `url.Parse`,
 * which reads the part before the first `/` as a host, with an optional `user@` and a numeric `:port`: `fedora:41`
 * passes (host `fedora`, port 41), `ubuntu:latest`, `ubuntu:22.04` and `name@sha256:...` do not.
 */
export function registryUrlProblem(ref: string): string | undefined {
  const slash = ref.indexOf('/');
  const authority = slash < 0 ? ref : ref.slice(0, slash);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return undefined;
  const colon = host.lastIndexOf(':');
  if (colon < 0 || /^[0-9]*$/.test(host.slice(colon + 1))) return undefined;
  return `CDI imports it as "${REGISTRY_SCHEME}${ref}", which Go's URL parser refuses (the part before the first "/" is read as `
    + `a host, and "${host.slice(colon + 1)}" as its port): name the registry, e.g. "docker.io/library/${ref}"`;
}
