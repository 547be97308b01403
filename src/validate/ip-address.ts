/**
 * IP address and CIDR parsing, as strict as Go's `net/netip` (no leading zeros in IPv4, no zones),
 * so that what we accept the guest's netplan and KubeVirt accept too.
 */
/* eslint-disable no-bitwise */ // address arithmetic is bit arithmetic

/** An IP address: its family and its bytes (4 or 16), network order. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}

/** A CIDR `address/prefix`: the address keeps its host bits (`192.168.1.10/24` is an interface address). */
export interface Cidr {
  readonly address: IpAddress;
  readonly prefixLength: number;
}

const DEC_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

/** Parses dotted-quad IPv4 (`10.0.0.1`); leading zeros are refused because they once meant octal. */
function parseIPv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!DEC_OCTET.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return { family: 4, bytes };
}

function parseHextets(text: string, allowV4Tail: boolean): number[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const out: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseIPv4(g);
      if (!v4) return undefined;
      out.push((v4.bytes[0] << 8) | v4.bytes[1], (v4.bytes[2] << 8) | v4.bytes[3]);
    } else {
      if (!HEXTET.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
  }
  return out;
}

/** Parses IPv6 (`2001:db8::1`, `::ffff:10.0.0.1`); zones (`%eth0`) are refused. */
function parseIPv6(text: string): IpAddress | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let hextets: number[];
  if (halves.length === 2) {
    const head = parseHextets(halves[0], false);
    const tail = parseHextets(halves[1], true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    hextets = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseHextets(text, true);
    if (!all || all.length !== 8) return undefined;
    hextets = all;
  }
  const bytes = hextets.flatMap((h) => [h >> 8, h & 0xff]);
  return { family: 6, bytes };
}

/** Parses an IPv4 or IPv6 address. */
export function parseIP(text: string): IpAddress | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

/** Parses `address/prefix`; the prefix is decimal without leading zeros, at most 32 (IPv4) or 128 (IPv6). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  if (prefixLength > address.bytes.length * 8) return undefined;
  return { address, prefixLength };
}

/** True when `ip` is inside the subnet of `cidr` (same family, same first prefixLength bits). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.address.family !== ip.family) return false;
  for (let bit = 0; bit < cidr.prefixLength; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((cidr.address.bytes[byte] & mask) !== (ip.bytes[byte] & mask)) return false;
  }
  return true;
}

/** The subnet's own address: the CIDR's address with its host bits cleared (`192.168.1.10/24` gives 192.168.1.0). */
export function networkAddress(cidr: Cidr): IpAddress {
  const bytes = cidr.address.bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, cidr.prefixLength - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
  return { family: cidr.address.family, bytes };
}

/** True when every host bit of the CIDR's address is `value` (0: network address, 1: IPv4 broadcast). */
function hostBitsAll(cidr: Cidr, value: 0 | 1): boolean {
  const total = cidr.address.bytes.length * 8;
  for (let bit = cidr.prefixLength; bit < total; bit++) {
    const set = (cidr.address.bytes[bit >> 3] & (0x80 >> (bit & 7))) !== 0;
    if (set !== (value === 1)) return false;
  }
  return true;
}

/**
 * Why the CIDR's address is no usable interface address, or undefined: the subnet's network address
 * or IPv4 broadcast (except /31, /32, /127, /128 where every address is a host).
 */
export function hostAddressProblem(cidr: Cidr): string | undefined {
  const hostBits = cidr.address.bytes.length * 8 - cidr.prefixLength;
  if (hostBits <= 1) return undefined;
  if (hostBitsAll(cidr, 0)) return 'is the network address of its subnet, not a host address';
  if (cidr.address.family === 4 && hostBitsAll(cidr, 1)) return 'is the broadcast address of its subnet, not a host address';
  return undefined;
}

/** Why `ip` cannot be a host, gateway or DNS server address (unspecified, loopback, multicast, broadcast), or undefined. */
export function unicastProblem(ip: IpAddress): string | undefined {
  const b = ip.bytes;
  if (b.every((x) => x === 0)) return 'must not be the unspecified address';
  if (ip.family === 4) {
    if (b[0] === 127) return 'must not be a loopback address';
    if (b[0] >= 224 && b[0] <= 239) return 'must not be a multicast address';
    if (b.every((x) => x === 255)) return 'must not be the broadcast address';
    return undefined;
  }
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'must not be a loopback address';
  if (b[0] === 0xff) return 'must not be a multicast address';
  return undefined;
}

/** True for IPv6 link-local unicast (fe80::/10), a usual IPv6 default gateway outside the interface's subnet. */
export function isIPv6LinkLocal(ip: IpAddress): boolean {
  return ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1] & 0xc0) === 0x80;
}

/** Formats an address canonically (RFC 5952 for IPv6: lowercase, longest zero run compressed). */
export function formatIP(ip: IpAddress): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const h: number[] = [];
  for (let i = 0; i < 16; i += 2) h.push((ip.bytes[i] << 8) | ip.bytes[i + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (h[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && h[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = h.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
