import { notAProfile, parseDocuments } from '../src/spec/profile-documents';
import { MAX_ALIAS_EXPANSION, MAX_ALIASES } from '../src/spec/yaml-limits';

describe('parseDocuments', () => {
  test('many documents with their start lines; empty ones skipped; Lists flattened', () => {
    // GIVEN a stream with a leading marker, an empty document, a comment-only one and a List
    const text = '---\na: 1\n---\n---\n# only a comment\n---\nkind: List\nitems: [{b: 2}, {c: 3}]\n';
    // WHEN parsed
    const { documents, errors } = parseDocuments(text);
    // THEN values and lines
    expect(errors).toEqual([]);
    expect(documents).toEqual([
      { value: { a: 1 }, index: 1, line: 1 },
      { value: { b: 2 }, index: 4, line: 6, item: 1 },
      { value: { c: 3 }, index: 4, line: 6, item: 2 },
    ]);
  });

  test('a stream without a leading marker starts at its first content line', () => {
    expect(parseDocuments('# header\n\na: 1\n---\nb: 2\n').documents.map((d) => d.line)).toEqual([3, 4]);
  });

  test('fails: a syntax error gives line and column, never throws', () => {
    expect(parseDocuments('a: 1\n---\nb: [\n')).toEqual({ documents: [], errors: ['line 4, column 1: unexpected end of the stream within a flow collection'] });
    expect(parseDocuments('a: 1\na: 2\n').errors).toEqual(['line 2, column 1: duplicated mapping key']);
  });

  test('JSON input works too', () => {
    expect(parseDocuments('{"a": [1, 2]}').documents[0].value).toEqual({ a: [1, 2] });
  });
});

describe('parseDocuments refuses hostile YAML with one line', () => {
  /** A "billion laughs" of 9 levels of 10 aliases: under 1 KB of text, 10^9 strings expanded. */
  const bomb = (() => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  l0: &l0 [lol]\n';
    for (let i = 1; i <= 9; i++) text += `  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    return text;
  })();

  test('fails: an alias bomb (expanded size)', () => {
    // GIVEN the bomb after an ordinary document WHEN parsed
    expect(bomb.length).toBeLessThan(1000);
    const { documents, errors } = parseDocuments(`a: 1\n---\n${bomb}`);
    // THEN the whole stream is refused, one line naming where (before: accepted, and every writer expanded it)
    expect(documents).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^line 2: data\\.l\\d\\[\\d\\]: aliases expand the input by more than ${MAX_ALIAS_EXPANSION} nodes and characters$`))]);
  });

  test('fails: too many aliases (count), also inside a kind: List', () => {
    const text = `kind: List\nitems:\n- &a {kind: ConfigMap}\n${'- *a\n'.repeat(MAX_ALIASES + 1)}`;
    expect(parseDocuments(text).errors).toEqual([`line 1: items[${MAX_ALIASES + 1}]: more than ${MAX_ALIASES} aliases`]);
  });

  test('fails: a cyclic alias', () => {
    expect(parseDocuments('kind: ConfigMap\ndata: &d {self: *d}\n').errors).toEqual(['line 1: data.self: a YAML alias refers to a node that contains it: a cycle is not a JSON value']);
  });

  test('fails: an alias chain deeper than the stack', () => {
    let text = 'a0: &a0 [x]\n';
    for (let i = 1; i < 20_000; i++) text += `a${i}: &a${i} [*a${i - 1}]\n`;
    expect(parseDocuments(text).errors).toEqual([expect.stringMatching(/^line 1: a\d+(\[0\])+: nested deeper than 90 levels$/)]);
  });

  test('fails: written nesting deeper than js-yaml allows is a syntax error, not a stack overflow', () => {
    expect(parseDocuments(`${'['.repeat(5000)}${']'.repeat(5000)}`).errors).toEqual([expect.stringMatching(/^line 1, column \d+: nesting exceeded maxDepth/)]);
  });

  test.each(['.inf', '-.Inf', '.NaN'])('fails: %s (JSON has no such number)', (n) => {
    expect(parseDocuments(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nratio: ${n}\n`).errors)
      .toEqual([expect.stringMatching(/^line 1: ratio: Invalid value: -?\.(inf|nan): Kubernetes objects are JSON, which has no infinity or NaN$/)]);
  });

  test('fails: annotations over 256 KiB, on an object or an item of a List', () => {
    const big = 'x'.repeat(256 * 1024);
    expect(parseDocuments(`kind: ConfigMap\nmetadata:\n  annotations: {a: ${big}}\n`).errors).toEqual(['line 1: metadata.annotations: Too long: must have at most 262144 bytes']);
    expect(parseDocuments(`kind: List\nitems:\n- kind: ConfigMap\n- kind: ConfigMap\n  metadata:\n    annotations: {a: ${big}}\n`).errors)
      .toEqual(['line 1: items[1].metadata.annotations: Too long: must have at most 262144 bytes']);
  });

  test('fails: text longer than the input cap is not parsed', () => {
    expect(parseDocuments(' '.repeat(64 * 1024 * 1024 + 1)).errors).toEqual(['larger than 67108864 bytes: not read']);
  });
});

describe('parseDocuments keeps values as Kubernetes reads them', () => {
  test('a timestamp stays the string it is written as (before: a Date, written back as {})', () => {
    expect(parseDocuments('at: 2024-01-01T10:00:00Z\nday: 2024-01-01\n').documents[0].value).toEqual({ at: '2024-01-01T10:00:00Z', day: '2024-01-01' });
  });

  test.each(['!!binary aGVsbG8=', '!!set {a, b}', '!!omap [a: 1]', '!!pairs [a: 1]', '!custom x'])('fails: %s is refused, not turned into bytes or a map', (value) => {
    expect(parseDocuments(`data: ${value}\n`).errors).toEqual([expect.stringMatching(/^line 1, column \d+: unknown tag /)]);
  });

  test('merge keys still merge, as sigs.k8s.io/yaml does', () => {
    expect(parseDocuments('base: &b {a: 1}\nx: {<<: *b, c: 2}\n').documents[0].value).toEqual({ base: { a: 1 }, x: { a: 1, c: 2 } });
  });

  test('keys named like Object.prototype members are own keys', () => {
    const value = parseDocuments('__proto__: 1\nconstructor: 2\ntoString: 3\n').documents[0].value as object;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe('notAProfile', () => {
  test.each([
    [{ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile' }, undefined],
    [{ apiVersion: 'v1', kind: 'Pod' }, '"v1"/"Pod" is not supported: expected apiVersion "vm.example.com/v1alpha1", kind "VirtualMachineProfile"'],
    [{ apiVersion: 'vm.example.com/v1', kind: 'VirtualMachineProfile' }, expect.stringContaining('"vm.example.com/v1"/"VirtualMachineProfile" is not supported')],
    [[1], 'expected a VirtualMachineProfile object, got a list'],
    ['text', 'expected a VirtualMachineProfile object, got a string'],
  ])('%j', (value, expected) => {
    expect(notAProfile(value)).toEqual(expected);
  });
});
