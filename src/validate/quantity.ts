/** Kubernetes resource quantities (`8Gi`, `500M`, `1.5Gi`), as apimachinery parses them. */

/**
 * A Kubernetes quantity, anchored (RE2 and ECMAScript alike: the CRD's pattern is this text); group 1 is the signed
 * number, group 2 the suffix.
 */
export const QUANTITY_PATTERN = '^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$';
const QUANTITY = new RegExp(QUANTITY_PATTERN);

const SUFFIX_FACTORS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** True when `value` is a syntactically valid Kubernetes quantity. */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** The quantity's value in base units (bytes for memory), or undefined when it is not a quantity. */
export function parseQuantity(value: string): number | undefined {
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const factor = suffix === '' ? 1 : /^[eE][+-]?[0-9]+$/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTORS[suffix];
  return Number(m[1]) * factor;
}

/** Largest quantity an int64 holds (apimachinery's `Value()` saturates beyond it). */
const INT64_MAX = 2 ** 63 - 1;

/** Common mistakes and what to write instead, for error messages. */
const SUFFIX_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^[0-9.]+K$/, '"K" is not a Kubernetes suffix: use "k" (1000) or "Ki" (1024)'],
  [/^[0-9.]+[KMGTPE]B$/, 'byte units are written without "B": use e.g. "G" (10^9) or "Gi" (2^30)'],
  [/^[0-9.]+[kmgtpe]i$/, 'binary suffixes are "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"'],
  [/^[0-9.]+[KMGTPE]iB$/, 'binary suffixes are written without "B": "Ki", "Mi", "Gi", ...'],
  [/\s/, 'must not contain spaces'],
];

/**
 * Why `value` is no Kubernetes quantity, with a hint for the usual mistakes (`8K`, `8GB`, `8 Gi`), or undefined.
 * Values beyond int64 are refused as apimachinery cannot represent them exactly.
 */
export function quantityProblem(value: string): string | undefined {
  const bytes = parseQuantity(value);
  if (bytes === undefined) {
    const hint = SUFFIX_HINTS.find(([re]) => re.test(value));
    const base = 'must be a Kubernetes quantity such as "8Gi", "512Mi" or "100G"';
    return hint ? `${base} (${hint[1]})` : base;
  }
  if (!Number.isFinite(bytes) || Math.abs(bytes) > INT64_MAX) return 'is too large';
  return undefined;
}

/** Formats a byte count with the largest binary suffix that divides it (`536870912` gives `512Mi`). */
export function formatBinaryQuantity(bytes: number): string {
  const suffixes = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'];
  for (const s of suffixes) {
    const f = SUFFIX_FACTORS[s];
    if (bytes !== 0 && bytes % f === 0) return `${bytes / f}${s}`;
  }
  return String(bytes);
}

const DECIMAL_SUFFIXES: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * The quantity as apimachinery's `Quantity.String()` writes it back (`1024Mi` gives `1Gi`, `0.5Gi` gives `512Mi`,
 * `1500M` stays): KubeVirt's mutating webhook re-serializes the VirtualMachine it admits, so a VM rendered with any
 * other spelling is stored differently from what was applied, and GitOps tools and our controller would see drift.
 * The value is kept exactly (rationals in BigInt), rounded up to nano units as apimachinery's parser does.
 */
export function canonicalQuantity(value: string): string {
  const m = QUANTITY.exec(value);
  if (!m) return value;
  const [, number, suffix = ''] = m;
  const negative = number.startsWith('-');
  const digits = number.replace(/^[+-]/, '');
  const [whole, fraction = ''] = digits.split('.');
  // value = mantissa * 10^exp10 * 2^exp2
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  let exp10 = -fraction.length;
  let exp2 = 0;
  let format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' = 'DecimalSI';
  if (suffix.endsWith('i')) {
    exp2 = 10 * BINARY_SUFFIXES.indexOf(suffix);
    format = 'BinarySI';
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    exp10 += Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    exp10 += Number(Object.entries(DECIMAL_SUFFIXES).find(([, s]) => s === suffix)![0]);
  }
  if (mantissa === 0n) return '0';
  // Fold the power of two in, then round up to nano units (scale -9).
  mantissa *= 2n ** BigInt(exp2);
  if (exp10 < -9) {
    const divisor = 10n ** BigInt(-9 - exp10);
    mantissa = (mantissa + divisor - 1n) / divisor;
    exp10 = -9;
  }
  const sign = negative ? '-' : '';
  const integerValue = exp10 >= 0 ? mantissa * 10n ** BigInt(exp10) : undefined;
  const exactInteger = integerValue ?? (mantissa % 10n ** BigInt(-exp10) === 0n ? mantissa / 10n ** BigInt(-exp10) : undefined);
  if (format === 'BinarySI' && exactInteger !== undefined && exactInteger >= 1024n) {
    let amount = exactInteger;
    let power = 0;
    while (amount % 1024n === 0n && power < BINARY_SUFFIXES.length - 1) {
      amount /= 1024n;
      power++;
    }
    return `${sign}${amount}${BINARY_SUFFIXES[power]}`;
  }
  if (format === 'BinarySI') format = 'DecimalSI';
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp10++;
  }
  const shift = ((exp10 % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(shift);
  exp10 -= shift;
  if (format === 'DecimalExponent') return `${sign}${mantissa}${exp10 === 0 ? '' : `e${exp10}`}`;
  if (exp10 > 18) {
    mantissa *= 10n ** BigInt(exp10 - 18);
    exp10 = 18;
  }
  return `${sign}${mantissa}${DECIMAL_SUFFIXES[exp10]}`;
}
