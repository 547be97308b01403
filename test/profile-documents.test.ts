import { notAProfile, parseDocuments } from '../src/profile-documents';

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
