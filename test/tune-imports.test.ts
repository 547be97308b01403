import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { QUADRATIC, tuneImports } from '../tools/tune-imports';

/**
 * The value expressions cdk8s-cli writes for a field `obj.f` (a scalar, an array, a map, a nested struct): with
 * commas, arrows and `?.`, so a rewrite that cuts or reorders them is caught. `toJson_T` is a nested converter.
 */
const FIELD_EXPRESSIONS: readonly ((f: string) => string)[] = [
  (f) => `obj.${f}`,
  (f) => `obj.${f}?.map(y => y)`,
  (f) => `obj.${f}?.map(y => toJson_T(y))`,
  (f) => `toJson_T(obj.${f})`,
  (f) => `((obj.${f}) === undefined) ? undefined : (Object.entries(obj.${f}).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {}))`,
];
type FieldKind = 0 | 1 | 2 | 3 | 4;

/** A converter as cdk8s-cli generates it: a literal of every field, then the quadratic filter. */
function generatedConverter(keys: readonly string[], kinds: readonly FieldKind[] = []): string {
  return [
    'export function toJson_X(obj: X | undefined): Record<string, any> | undefined {',
    '  if (obj === undefined) { return undefined; }',
    '  const result = {',
    ...keys.map((key, i) => `    '${key}': ${FIELD_EXPRESSIONS[kinds[i] ?? 0](`f${i}`)},`),
    '  };',
    '  // filter undefined values',
    `  ${QUADRATIC}`,
    '}',
  ].join('\n');
}

/** A converter's source as a JavaScript function of `obj` (the TypeScript types stripped). */
function compiled(source: string): (obj: object) => object {
  const body = source.slice(source.indexOf('{\n') + 2, source.lastIndexOf('}'))
    .replace(/: Record<string, any>/g, '').replace(/: any/g, '');
  // A nested converter: a marked copy, undefined for undefined (as the generated ones are).
  const toJsonT = (v: unknown) => (v === undefined ? undefined : { nested: v });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const f = new Function('toJson_T', 'obj', body) as any;
  return (obj) => f(toJsonT, obj);
}

// Schema keys as cdk8s-cli writes them (`'key': …`, no quote or newline). `__proto__` is refused (a literal's
// `'__proto__':` sets the prototype), and keys are unique in a schema; both are checked by the rewrite.
const key = fc.stringMatching(/^[-A-Za-z0-9_.$/@]{1,12}$/).filter((k) => k !== '__proto__');
const fieldValues = fc.option(fc.jsonValue(), { nil: undefined });
/** A field's kind and a value it can hold: any JSON for scalars and structs, an array or a map for those. */
const fields = fc.oneof(
  fc.tuple(fc.constantFrom<FieldKind>(0, 3), fieldValues),
  fc.tuple(fc.constantFrom<FieldKind>(1, 2), fc.option(fc.array(fieldValues), { nil: undefined })),
  fc.tuple(fc.constant<FieldKind>(4), fc.option(fc.dictionary(key, fieldValues), { nil: undefined })),
);
/** Props objects; a spread copies an own `__proto__` key that a literal could never have, so none is made. */
const objects = fc.dictionary(fc.string().filter((k) => k !== '__proto__'), fieldValues);

describe('tuneImports: converters', () => {
  test('GIVEN any fields and values WHEN converted field by field THEN keys, order and values equal the generated converter', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(key, fields), { selector: ([k]) => k, maxLength: 12 }), (spec) => {
      const keys = spec.map(([k]) => k);
      const source = generatedConverter(keys, spec.map(([, [kind]]) => kind));
      const { source: tuned, converters } = tuneImports(source);
      expect(converters).toBe(1);
      const obj = Object.fromEntries(spec.map(([, [, value]], i) => [`f${i}`, value]));
      const want = compiled(source)(obj);
      const got = compiled(tuned)(obj);
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }));
  });

  test('GIVEN a converter WHEN tuned THEN the field literal and the quadratic filter are gone', () => {
    const { source } = tuneImports(generatedConverter(['storageClassName', 'volumeMode']));
    expect(source).not.toContain(QUADRATIC);
    expect(source).not.toContain('const result = {');
    expect(source).toContain("  value = obj.f1; if (value !== undefined) { result['volumeMode'] = value; }");
  });

  test('GIVEN a converter with a repeated key THEN the rewrite refuses it rather than change what it returns', () => {
    expect(() => tuneImports(generatedConverter(['a', 'a']))).toThrow(/cannot rewrite a converter/);
  });
});

describe('tuneImports: GVK spreads', () => {
  const generated = [
    '  public constructor(scope: Construct, id: string, props: DataVolumeProps) {',
    '    super(scope, id, {',
    '      ...DataVolume.GVK,',
    '      ...props,',
    '    });',
    '  }',
  ].join('\n');

  test('GIVEN a generated constructor WHEN tuned THEN the GVK is written out field by field', () => {
    const { source, gvkSpreads } = tuneImports(generated);
    expect(gvkSpreads).toBe(1);
    expect(source).toContain('      apiVersion: DataVolume.GVK.apiVersion,\n      kind: DataVolume.GVK.kind,\n      ...props,');
  });

  test('GIVEN any props WHEN built both ways THEN the same keys in the same order with the same values', () => {
    const GVK = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume' };
    fc.assert(fc.property(objects, (rest) => {
      const want = { ...GVK, ...rest };
      const got = { apiVersion: GVK.apiVersion, kind: GVK.kind, ...rest };
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }));
  });
});

test('GIVEN the committed imports THEN they are tuned (the import task ran to its end)', () => {
  const dir = path.join(__dirname, '..', 'imports');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    expect(source).not.toContain(QUADRATIC);
    expect(source).not.toMatch(/^\s*\.\.\.\w+\.GVK,$/m);
    expect(source).not.toContain('const result = {');
  }
});
