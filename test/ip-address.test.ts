import { cidrContains, formatIP, hostAddressProblem, isIPv6LinkLocal, parseCidr, parseIP, unicastProblem } from '../src/validate/ip-address';

describe('parseIP', () => {
  test.each(['10.0.0.1', '0.0.0.0', '255.255.255.255', '::', '::1', '2001:db8::1', '2001:DB8:0:0:0:0:0:1', 'fe80::1', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8', '1::'])('accepts %s', (text) => {
    // GIVEN a valid address WHEN parsed THEN it parses
    expect(parseIP(text)).toBeDefined();
  });

  test.each(['', '10.0.0', '10.0.0.256', '010.0.0.1', '10.0.0.1.1', '1.2.3.-4', ' 10.0.0.1', ':::', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fe80::1%eth0', '12345::', 'g::1', '1:2:3:4:5:6:7', '10.0.0.1/24'])('refuses %j', (text) => {
    // GIVEN an invalid address WHEN parsed THEN it is undefined
    expect(parseIP(text)).toBeUndefined();
  });

  test('families and bytes', () => {
    // GIVEN an IPv4 and an IPv6 address WHEN parsed THEN family and bytes are right
    expect(parseIP('192.168.1.2')).toEqual({ family: 4, bytes: [192, 168, 1, 2] });
    expect(parseIP('::ffff:1.2.3.4')?.bytes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
  });
});

describe('parseCidr and cidrContains', () => {
  test.each(['192.168.1.10/24', '10.0.0.1/32', '0.0.0.0/0', '2001:db8::10/64', '::1/128'])('accepts %s', (text) => {
    // GIVEN a valid CIDR WHEN parsed THEN it parses
    expect(parseCidr(text)).toBeDefined();
  });

  test.each(['192.168.1.10', '192.168.1.10/33', '192.168.1.10/024', '2001:db8::1/129', '/24', '10.0.0.1/', '10.0.0.1/-1', '10.0.0.1/2/3'])('refuses %j', (text) => {
    // GIVEN an invalid CIDR WHEN parsed THEN it is undefined
    expect(parseCidr(text)).toBeUndefined();
  });

  test.each<[string, string, boolean]>([
    ['192.168.1.10/24', '192.168.1.1', true], ['192.168.1.10/24', '192.168.2.1', false], ['10.1.2.3/8', '10.255.0.1', true],
    ['10.0.0.5/31', '10.0.0.4', true], ['2001:db8::10/64', '2001:db8::1', true], ['2001:db8::10/64', '2001:db9::1', false],
    ['192.168.1.10/24', '::1', false], ['0.0.0.0/0', '8.8.8.8', true],
  ])('%s contains %s: %s', (cidr, ip, inside) => {
    // GIVEN a subnet and an address WHEN tested THEN containment is right
    expect(cidrContains(parseCidr(cidr)!, parseIP(ip)!)).toBe(inside);
  });
});

describe('address problems', () => {
  test.each<[string, string | undefined]>([
    ['192.168.1.0/24', 'network address'], ['192.168.1.255/24', 'broadcast'], ['192.168.1.10/24', undefined],
    ['10.0.0.0/31', undefined], ['10.0.0.0/32', undefined], ['2001:db8::/64', 'network address'], ['2001:db8::ffff/112', undefined],
  ])('host address %s: %s', (cidr, problem) => {
    // GIVEN an interface address WHEN checked THEN network and broadcast addresses are named
    const p = hostAddressProblem(parseCidr(cidr)!);
    if (problem) expect(p).toContain(problem);
    else expect(p).toBeUndefined();
  });

  test.each<[string, string | undefined]>([
    ['0.0.0.0', 'unspecified'], ['127.0.0.1', 'loopback'], ['224.0.0.1', 'multicast'], ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'], ['::1', 'loopback'], ['ff02::1', 'multicast'], ['8.8.8.8', undefined], ['2001:db8::1', undefined],
  ])('unicast %s: %s', (ip, problem) => {
    // GIVEN an address WHEN checked for unicast use THEN special addresses are refused
    const p = unicastProblem(parseIP(ip)!);
    if (problem) expect(p).toContain(problem);
    else expect(p).toBeUndefined();
  });

  test('link-local IPv6', () => {
    // GIVEN addresses WHEN tested for fe80::/10 THEN only link-local ones match
    expect(isIPv6LinkLocal(parseIP('fe80::1')!)).toBe(true);
    expect(isIPv6LinkLocal(parseIP('febf::1')!)).toBe(true);
    expect(isIPv6LinkLocal(parseIP('fec0::1')!)).toBe(false);
    expect(isIPv6LinkLocal(parseIP('169.254.0.1')!)).toBe(false);
  });
});

describe('formatIP', () => {
  test.each<[string, string]>([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'], ['0:0:0:0:0:0:0:0', '::'], ['1:0:0:2:0:0:0:3', '1:0:0:2::3'], ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['10.0.0.1', '10.0.0.1'], ['fe80:0:0:0:0:0:0:1', 'fe80::1'],
  ])('%s is %s', (text, canonical) => {
    // GIVEN an address WHEN formatted THEN it is canonical (RFC 5952)
    expect(formatIP(parseIP(text)!)).toBe(canonical);
  });
});
