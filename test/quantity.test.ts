import { canonicalQuantity, formatBinaryQuantity, isQuantity, parseQuantity, quantityProblem } from '../src/validate/quantity';

const MI = 2 ** 20;
const GI = 2 ** 30;

describe('parseQuantity', () => {
  test.each<[string, number]>([
    ['8Gi', 8 * GI], ['512Mi', 512 * MI], ['0.5Gi', 512 * MI], ['1.5Gi', 1.5 * GI], ['100G', 100e9], ['1k', 1000],
    ['1Ki', 1024], ['1e9', 1e9], ['1E3', 1000], ['1E', 1e18], ['+5', 5], ['.5Ki', 512], ['1.', 1], ['1500m', 1.5],
  ])('%s is %d', (text, value) => {
    // GIVEN a Kubernetes quantity WHEN parsed THEN its value is in base units
    expect(parseQuantity(text)).toBe(value);
  });

  test.each(['8K', '8GB', '8 Gi', '', 'Gi', '8gi', '8Gib', '1e', '.', '--1', '8Mi '])('%j is no quantity', (text) => {
    // GIVEN text apimachinery refuses WHEN parsed THEN it is undefined
    expect(parseQuantity(text)).toBeUndefined();
    expect(isQuantity(text)).toBe(false);
  });
});

describe('quantityProblem', () => {
  test.each<[string, string]>([
    ['8K', '"K" is not a Kubernetes suffix'],
    ['8GB', 'byte units are written without "B"'],
    ['8gi', 'binary suffixes are'],
    ['8GiB', 'binary suffixes are written without "B"'],
    ['8 Gi', 'must not contain spaces'],
  ])('%j gets a hint', (text, hint) => {
    // GIVEN a usual mistake WHEN checked THEN the problem includes a hint
    expect(quantityProblem(text)).toContain(hint);
  });

  test('values beyond int64 are too large', () => {
    // GIVEN a huge quantity WHEN checked THEN it is refused
    expect(quantityProblem('1e30')).toBe('is too large');
    expect(quantityProblem('1e999')).toBe('is too large');
  });

  test('valid quantities have no problem', () => {
    // GIVEN a valid quantity WHEN checked THEN there is no problem
    expect(quantityProblem('8Gi')).toBeUndefined();
  });
});

describe('formatBinaryQuantity', () => {
  test.each<[number, string]>([[512 * MI, '512Mi'], [GI, '1Gi'], [1536 * MI, '1536Mi'], [1000, '1000'], [0, '0']])('%d is %s', (bytes, text) => {
    // GIVEN bytes WHEN formatted THEN the largest dividing binary suffix is used
    expect(formatBinaryQuantity(bytes)).toBe(text);
  });
});

describe('canonicalQuantity', () => {
  // Expected values are what apimachinery's Quantity.String() prints (KubeVirt's webhook stored these in the test cluster).
  test.each<[string, string]>([
    ['1024Mi', '1Gi'], ['0.5Gi', '512Mi'], ['2048Gi', '2Ti'], ['1.5Gi', '1536Mi'], ['8Gi', '8Gi'], ['1000Ki', '1000Ki'],
    ['1023Ki', '1023Ki'], ['0.9765625Ki', '1k'], ['1.5G', '1500M'], ['1500M', '1500M'], ['1000', '1k'], ['536870912', '536870912'],
    ['1e3', '1e3'], ['1.5e3', '1500'], ['0.1Gi', '107374182400m'], ['0.0000000001', '1n'], ['0', '0'], ['0.0Gi', '0'], ['-1Gi', '-1Gi'],
  ])('%s is written %s', (text, canonical) => {
    // GIVEN a quantity WHEN canonicalized THEN it is spelled as the API machinery spells it
    expect(canonicalQuantity(text)).toBe(canonical);
    // AND the value does not change
    expect(parseQuantity(canonical)).toBeCloseTo(parseQuantity(text)!, 0);
  });

  test('a text that is no quantity is returned unchanged', () => {
    expect(canonicalQuantity('8GB')).toBe('8GB');
  });
});
