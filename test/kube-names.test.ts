import {
  dns1123LabelErrors, dns1123SubdomainErrors, imageSourceErrors, imageSourceKind, labelValueErrors, linuxInterfaceNameErrors,
  prefixedQualifiedNameErrors, qualifiedNameErrors, registryUrlProblem,
} from '../src/validate/kube-names';

describe('DNS-1123', () => {
  test.each(['a', 'web-01', '0', 'a'.repeat(63)])('label %s is valid', (v) => {
    // GIVEN a label WHEN checked THEN it is valid
    expect(dns1123LabelErrors(v)).toEqual([]);
  });
  test.each(['', 'A', 'a.b', '-a', 'a-', 'a_b', 'a'.repeat(64)])('label %j is invalid', (v) => {
    // GIVEN a bad label WHEN checked THEN it is refused
    expect(dns1123LabelErrors(v).length).toBeGreaterThan(0);
  });
  test('label length has its own message', () => {
    // GIVEN a 64-character label WHEN checked THEN only the length is wrong
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
  test.each(['a', 'example.com', 'a.b-c.d'])('subdomain %s is valid', (v) => {
    // GIVEN a subdomain WHEN checked THEN it is valid
    expect(dns1123SubdomainErrors(v)).toEqual([]);
  });
  test.each(['', 'a..b', '.a', 'a.', 'A.b', 'a_b', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`])('subdomain %j is invalid', (v) => {
    // GIVEN a bad subdomain WHEN checked THEN it is refused
    expect(dns1123SubdomainErrors(v).length).toBeGreaterThan(0);
  });
});

describe('qualified names and label values', () => {
  test.each(['app', 'kubernetes.io/arch', 'node-role.kubernetes.io/worker', 'My_Name.1', 'a'.repeat(63)])('qualified name %s is valid', (v) => {
    // GIVEN a qualified name WHEN checked THEN it is valid
    expect(qualifiedNameErrors(v)).toEqual([]);
  });
  test.each(['', '/a', 'a/', 'a/b/c', 'Example.com/a', '-a', 'a b', 'a'.repeat(64)])('qualified name %j is invalid', (v) => {
    // GIVEN a bad qualified name WHEN checked THEN it is refused
    expect(qualifiedNameErrors(v).length).toBeGreaterThan(0);
  });
  test('a prefixed qualified name needs its prefix', () => {
    // GIVEN resource names WHEN checked THEN the prefix is required
    expect(prefixedQualifiedNameErrors('openshift.io/mlx')).toEqual([]);
    expect(prefixedQualifiedNameErrors('mlx')).toEqual(["must be prefixed by a domain and '/' (e.g. 'example.com/name')"]);
  });
  test.each(['', 'amd64', 'A.b_c-1'])('label value %j is valid', (v) => {
    // GIVEN a label value WHEN checked THEN it is valid
    expect(labelValueErrors(v)).toEqual([]);
  });
  test.each(['-a', 'a b', 'a/b', 'a'.repeat(64)])('label value %j is invalid', (v) => {
    // GIVEN a bad label value WHEN checked THEN it is refused
    expect(labelValueErrors(v).length).toBeGreaterThan(0);
  });
});

describe('Linux interface names', () => {
  test.each(['eth0', 'br-mgmt', 'a'.repeat(15), 'br.100', 'x'])('%s is valid', (v) => {
    // GIVEN an interface name WHEN checked THEN it is valid
    expect(linuxInterfaceNameErrors(v)).toEqual([]);
  });
  test.each(['', 'a'.repeat(16), 'br/0', 'br 0', 'br:0', '.', '..', 'br\t0'])('%j is invalid', (v) => {
    // GIVEN a bad interface name WHEN checked THEN it is refused
    expect(linuxInterfaceNameErrors(v).length).toBeGreaterThan(0);
  });
});

describe('image sources', () => {
  test.each<[string, 'registry' | 'http' | undefined]>([
    ['centos:8', 'registry'], ['docker://quay.io/a/b:1', 'registry'], ['https://x.example/a.img', 'http'], ['HTTP://x.example/a', 'http'],
    ['ftp://x/y', undefined], ['oci-archive://x', undefined],
  ])('%s is %s', (v, kind) => {
    // GIVEN an image source WHEN classified THEN its kind is right
    expect(imageSourceKind(v)).toBe(kind);
  });
  test.each(['centos:8', 'registry.example.com/centos-stream:8', 'localhost:5000/a/b', 'docker://quay.io/containerdisks/fedora:41',
    `quay.io/a@sha256:${'f'.repeat(64)}`, 'Registry.Example.com/a:1', 'https://example.com/images/a.qcow2', 'http://10.0.0.1:8080/a.img'])('%s is valid', (v) => {
    // GIVEN a valid source WHEN checked THEN it has no errors
    expect(imageSourceErrors(v)).toEqual([]);
  });
  test.each(['', 'centos 8', 'Library/centos', 'a:b:c', 'a//b', 'ftp://x/y', 'https://', 'http://a b/c', 'docker://', `a:${'t'.repeat(129)}`])('%j is invalid', (v) => {
    // GIVEN a bad source WHEN checked THEN it has errors
    expect(imageSourceErrors(v).length).toBeGreaterThan(0);
  });
  test.each(['ubuntu:latest', 'docker://ubuntu:22.04', `fedora@sha256:${'f'.repeat(64)}`])('%s is refused: CDI cannot parse it as a URL', (v) => {
    // GIVEN a reference whose first component Go's url.Parse reads as a host with a non-numeric port
    // WHEN checked for a DataVolume import THEN the error says so and names a spelling CDI accepts
    const [error] = imageSourceErrors(v);
    expect(error).toContain('which Go\'s URL parser refuses');
    expect(error).toContain('"docker.io/library/');
    // AND as a containerDisk (no URL involved) it is fine
    expect(imageSourceErrors(v, true)).toEqual([]);
  });
  test.each(['fedora:41', 'localhost:5000/a:latest', 'library/ubuntu:latest', 'quay.io/a/b:latest'])('%s has no URL problem', (v) => {
    // GIVEN a numeric "port", a registry host, or a path WHEN checked THEN CDI can parse it
    expect(registryUrlProblem(v)).toBeUndefined();
  });
  test('registryOnly refuses URLs', () => {
    // GIVEN an http URL WHEN checked for a containerDisk THEN it is refused
    expect(imageSourceErrors('https://example.com/a.img', true)).toEqual(['must be a registry image ("repo/image:tag" or "docker://repo/image:tag"), not a URL']);
  });
});
