import { load } from 'js-yaml';
import {
  breaksLine, checkAnnotations, checkDocument, closestCandidate, editDistanceWithin, escapeLine, findLineBreakingKey, MAX_ALIASES,
  MAX_ANNOTATIONS_BYTES,
  MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_EXPANDED_SIZE, StreamBudget,
} from '../src/spec/yaml-limits';
import { toYaml } from '../src/synth/manifest-yaml';

const fresh = (): StreamBudget => ({ size: 0, aliases: 0, expansion: 0 });

/** A "billion laughs": `levels` anchors, each a list of `width` aliases of the one before. */
function laughs(levels: number, width: number): string {
  let text = 'l0: &l0 [lol]\n';
  for (let i = 1; i <= levels; i++) text += `l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
}

describe('checkDocument', () => {
  test('an ordinary document passes and is charged its size', () => {
    // GIVEN a small object WHEN checked THEN no violation, the budget counts nodes plus characters
    const budget = fresh();
    expect(checkDocument({ a: 'xy', b: [1, true, null] }, budget)).toBeUndefined();
    expect(budget).toEqual({ size: 1 + (2 + 3) + (2 + (1 + 3)), aliases: 0, expansion: 0 });
  });

  test('fails: an alias bomb is refused by its expanded size, without expanding it', () => {
    // GIVEN 900 bytes that expand to 10^9 strings
    const doc = load(laughs(9, 10));
    // WHEN checked
    const started = process.hrtime.bigint();
    const v = checkDocument(doc, fresh());
    // THEN refused at the first node that crosses the cap, quickly (it sizes each object once)
    expect(v).toEqual({ path: expect.stringMatching(/^l\d+\[\d+\]$/), detail: `aliases expand the input by more than ${MAX_ALIAS_EXPANSION} nodes and characters` });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });

  test('fails: more than MAX_ALIASES alias uses, even of a tiny node', () => {
    // GIVEN one small anchor used MAX_ALIASES + 1 times
    const a = ['x'];
    const doc = { list: Array.from({ length: MAX_ALIASES + 2 }, () => a) };
    // WHEN checked THEN the count is refused
    expect(checkDocument(doc, fresh())).toEqual({ path: `list[${MAX_ALIASES + 1}]`, detail: `more than ${MAX_ALIASES} aliases` });
  });

  test('fails: an alias-free document larger than the expanded-size cap', () => {
    // GIVEN no alias at all but more nodes and characters than the cap (a string can only come from a bigger text)
    const budget = fresh();
    expect(checkDocument({ a: 'x'.repeat(MAX_EXPANDED_SIZE) }, budget)?.detail).toBe(`the input expands to more than ${MAX_EXPANDED_SIZE} nodes and characters`);
  });

  test('alias uses that add up to the expansion cap pass; one more node is refused', () => {
    // GIVEN an anchor of known size used until the expansion reaches the cap
    const a = ['x'.repeat(1023)]; // 1 (list) + 1 + 1023 = 1025 per use
    const uses = Math.floor(MAX_ALIAS_EXPANSION / 1025);
    const budget = fresh();
    expect(checkDocument({ l: Array.from({ length: uses + 1 }, () => a) }, budget)).toBeUndefined();
    expect(budget.expansion).toBe(uses * 1025);
    expect(checkDocument({ l: Array.from({ length: uses + 2 }, () => a) }, fresh())?.detail).toBe(`aliases expand the input by more than ${MAX_ALIAS_EXPANSION} nodes and characters`);
  });

  test('the budget is shared by the documents of a stream', () => {
    // GIVEN two documents that each use half the alias count WHEN checked with one budget THEN the second is refused
    const a = ['x'];
    const half = { list: Array.from({ length: MAX_ALIASES / 2 + 2 }, () => a) };
    const budget = fresh();
    expect(checkDocument(half, budget)).toBeUndefined();
    expect(checkDocument({ ...half }, budget)?.detail).toBe(`more than ${MAX_ALIASES} aliases`);
  });

  test('fails: a cyclic alias is refused, not walked forever', () => {
    // GIVEN `a: &a [*a]` and a map that contains itself
    const list = (load('a: &a [x, *a]') as { a: unknown[] }).a;
    const map: Record<string, unknown> = { name: 'x' };
    map.self = { inner: map };
    // WHEN checked THEN the cycle is named at the alias
    expect(checkDocument(list, fresh())).toEqual({ path: '[1]', detail: 'a YAML alias refers to a node that contains it: a cycle is not a JSON value' });
    expect(checkDocument(map, fresh())?.path).toBe('self.inner');
  });

  test('fails: an alias chain deeper than MAX_DEPTH is refused, however the nesting is reached', () => {
    // GIVEN 10,000 anchors, each a list holding the one before (js-yaml's own cap of 100 written levels does not see it)
    let text = 'a0: &a0 [x]\n';
    for (let i = 1; i < 10_000; i++) text += `a${i}: &a${i} [*a${i - 1}]\n`;
    const doc = load(text);
    // WHEN checked THEN refused (before: every recursive walker overflowed the stack)
    expect(checkDocument(doc, fresh())?.detail).toBe(`nested deeper than ${MAX_DEPTH} levels`);
    // AND the limit is the same written or through aliases: MAX_DEPTH levels pass, one more is refused
    const nest = (levels: number) => {
      let v: unknown = 'x';
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    expect(checkDocument(nest(MAX_DEPTH + 1), fresh())).toBeUndefined();
    expect(checkDocument(nest(MAX_DEPTH + 2), fresh())?.detail).toBe(`nested deeper than ${MAX_DEPTH} levels`);
    const inner = nest(MAX_DEPTH - 1);
    expect(checkDocument([inner, [inner]], fresh())).toBeUndefined();
    expect(checkDocument([inner, [[inner]]], fresh())?.path).toBe('[1][0][0]');
    // AND everything within the limit reads back from our YAML output (js-yaml caps reading at 100 levels)
    expect(load(toYaml({ a: nest(MAX_DEPTH) }))).toEqual({ a: nest(MAX_DEPTH) });
    // AND a chain within the limit passes
    let short = 'a0: &a0 [x]\n';
    for (let i = 1; i < 50; i++) short += `a${i}: &a${i} [*a${i - 1}]\n`;
    expect(checkDocument(load(short), fresh())).toBeUndefined();
  });

  test.each([
    [Infinity, '.inf'], [-Infinity, '-.inf'], [NaN, '.nan'],
  ])('fails: %p is not a JSON value', (n, written) => {
    expect(checkDocument({ data: { ratio: n } }, fresh())).toEqual({
      path: 'data.ratio', detail: `Invalid value: ${written}: Kubernetes objects are JSON, which has no infinity or NaN`,
    });
  });

  test('paths escape keys that are not plain words', () => {
    expect(checkDocument({ 'a.b': { 'x\ny': NaN } }, fresh())?.path).toBe('[a.b][x\\ny]');
  });
});

describe('checkAnnotations', () => {
  test('annotations up to 256 KiB in total pass; one byte more is refused with the API server wording', () => {
    // GIVEN annotations of exactly the limit (key + value bytes) and one byte over
    const at = { metadata: { annotations: { k: 'x'.repeat(MAX_ANNOTATIONS_BYTES - 1) } } };
    const over = { metadata: { annotations: { k: 'x'.repeat(MAX_ANNOTATIONS_BYTES - 1), l: '' } } };
    // WHEN checked THEN the limit holds, counted in UTF-8 bytes
    expect(checkAnnotations(at)).toBeUndefined();
    expect(checkAnnotations(over)).toEqual({ path: 'metadata.annotations', detail: 'Too long: must have at most 262144 bytes' });
    expect(checkAnnotations({ metadata: { annotations: { k: 'é'.repeat(MAX_ANNOTATIONS_BYTES / 2) } } })).toBeDefined();
  });

  test('objects without annotations, or with odd ones, are not its business', () => {
    for (const o of [null, 'x', {}, { metadata: null }, { metadata: { annotations: 'x' } }, { metadata: { annotations: [1] } }]) {
      expect(checkAnnotations(o)).toBeUndefined();
    }
  });
});

describe('escapeLine', () => {
  test('controls, line separators and backslashes are escaped; nothing else changes', () => {
    expect(escapeLine('web\nWarning: forged')).toBe('web\\nWarning: forged');
    expect(escapeLine('a\r\tb\u0000c\u2028d\u0085e\\f')).toBe('a\\r\\tb\\u0000c\\u2028d\\u0085e\\\\f');
    expect(escapeLine('plain-name.example/ü')).toBe('plain-name.example/ü');
  });

  test('the escaping cannot be forged: escaping a literal backslash-n differs from escaping a newline', () => {
    expect(escapeLine('\\n')).not.toBe(escapeLine('\n'));
  });
});

describe('findLineBreakingKey and breaksLine', () => {
  test('the first key with a control character or line separator, by its escaped path', () => {
    expect(findLineBreakingKey({ a: { b: [{ ok: 1 }, { 'x\ny': 1 }] } })).toBe('a.b[1][x\\ny]');
    expect(findLineBreakingKey({ 'k\u2028': 1 })).toBe('[k\\u2028]');
    expect(findLineBreakingKey({ 'a': 'value\nwith newline', 'b.c': [1], 'd\\e': 2 })).toBeUndefined();
    expect(breaksLine('a\u0085b')).toBe(true);
    expect(breaksLine('a\\b ü')).toBe(false);
  });
});

describe('editDistanceWithin and closestCandidate', () => {
  test.each([
    ['synth', 'sinth', 2, 1], ['status', 'stauts', 2, 2], ['graph', 'graph', 2, 0], ['explain', 'xplain', 2, 1],
    ['crd', 'version', 2, undefined], ['abc', '', 3, 3], ['', 'abcd', 3, undefined],
  ])('%s vs %s within %d is %p', (a, b, max, expected) => {
    expect(editDistanceWithin(a, b, max)).toBe(expected);
    expect(editDistanceWithin(b, a, max)).toBe(expected);
  });

  test('agrees with the full edit distance on random words', () => {
    const full = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
      for (let j = 1; j <= b.length; j++) d[0][j] = j;
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      return d[a.length][b.length];
    };
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const word = () => Array.from({ length: rand(8) }, () => 'abc'[rand(3)]).join('');
    for (let k = 0; k < 2000; k++) {
      const [a, b, max] = [word(), word(), rand(4)];
      const d = full(a, b);
      expect(editDistanceWithin(a, b, max)).toBe(d <= max ? d : undefined);
    }
  });

  test('a 200 KB word costs nothing: the work is bounded by the band, not the length', () => {
    // GIVEN a 1 MB word WHEN compared with short candidates THEN no suggestion, and no per-character work
    // (the lengths rule it out before any cell is computed); against itself plus one letter, O(length * max).
    const huge = 'a'.repeat(200_000);
    expect(closestCandidate(huge, ['synth', 'status'])).toBeUndefined();
    expect(editDistanceWithin(huge, `${huge}b`, 2)).toBe(1);
  });

  test('closestCandidate prefers a case-insensitive match, then the nearest within a third of the length', () => {
    expect(closestCandidate('SYNTH', ['status', 'synth'])).toBe('synth');
    expect(closestCandidate('statsu', ['synth', 'status'])).toBe('status');
    expect(closestCandidate('cd', ['crd'])).toBe('crd');
    expect(closestCandidate('x', ['crd'])).toBeUndefined();
  });
});
